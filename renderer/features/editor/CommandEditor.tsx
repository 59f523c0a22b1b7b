import { useEffect, useRef } from 'react';
import type { FieldIssue } from '../../../shared/result';
import { addCommandArgument, moveCommandArgument, removeCommandArgument, setCommandArgument } from './form-model';
import { TextInput } from './TextField';
import type { DocumentEdit } from './yaml-draft';

interface CommandEditorProps {
  readonly command: readonly string[];
  /** Validation issues at `command` or `command[i]`. */
  readonly issues: readonly FieldIssue[];
  readonly apply: (edit: DocumentEdit) => void;
}

/** The argv template, one argument per box: no shell ever splits or quotes it. */
export function CommandEditor({ command, issues, apply }: CommandEditorProps) {
  const list = useRef<HTMLOListElement>(null);
  const focusIndex = useRef<number | null>(null);

  useEffect(() => {
    if (focusIndex.current === null) return;
    list.current?.querySelectorAll('input')[focusIndex.current]?.focus();
    focusIndex.current = null;
  });

  const add = () => {
    focusIndex.current = command.length;
    apply((doc) => { addCommandArgument(doc); });
  };

  return (
    <div className="field" role="group" aria-labelledby="command-label" aria-describedby="command-hint">
      <span id="command-label" className="field-label">
        Command
      </span>
      <ol className="argv-list" ref={list}>
        {command.map((arg, index) => (
          <li key={index} className="argv-list__item">
            <span className="argv-list__index" aria-hidden="true">
              {index}
            </span>
            <TextInput
              mono
              aria-label={`Argument ${index}${index === 0 ? ' (program)' : ''}`}
              value={arg}
              invalid={issues.some((issue) => issue.path === `command[${index}]`)}
              placeholder={index === 0 ? 'python3' : '--lr={lr}'}
              onCommit={(text) => { apply((doc) => { setCommandArgument(doc, index, text); }); }}
              onEnter={add}
            />
            <button
              type="button"
              className="button button--quiet icon-button"
              aria-label={`Move argument ${index} up`}
              disabled={index === 0}
              onClick={() => { apply((doc) => { moveCommandArgument(doc, index, index - 1); }); }}
            >
              ↑
            </button>
            <button
              type="button"
              className="button button--quiet icon-button"
              aria-label={`Move argument ${index} down`}
              disabled={index === command.length - 1}
              onClick={() => { apply((doc) => { moveCommandArgument(doc, index, index + 1); }); }}
            >
              ↓
            </button>
            <button
              type="button"
              className="button button--quiet-danger icon-button"
              aria-label={`Remove argument ${index}`}
              onClick={() => { apply((doc) => { removeCommandArgument(doc, index); }); }}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      {issues.length > 0 && (
        <ul className="field-error command-issues">
          {issues.map((issue, index) => (
            <li key={index}>
              {issue.path === 'command' ? '' : `Argument ${issue.path.slice('command['.length, -1)}: `}
              {issue.message}
            </li>
          ))}
        </ul>
      )}
      <div>
        <button type="button" className="button" onClick={add}>
          Add argument
        </button>
      </div>
      <p id="command-hint" className="hint">
        One argument per box, passed as is (no shell). <code>{'{name}'}</code> is a parameter’s value; an argument naming an inactive parameter is left out.
      </p>
    </div>
  );
}
