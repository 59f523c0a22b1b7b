import { useState, type KeyboardEvent } from 'react';
import { PARAM_TYPES, type Param } from '../../../shared/search-space';
import { SCALE_LABELS, TYPE_LABELS } from './explanations';
import { HistogramPreview } from './HistogramPreview';
import type { RowIssue } from './row-issues';
import {
  isParamType,
  renameParam,
  SCALES,
  setParamChoices,
  setParamCondition,
  setParamScale,
  setParamType,
  setParamValue,
  type ParamRow,
  type Scale,
} from './space-rows';
import { TextInput } from './TextField';
import type { DocumentEdit } from './yaml-draft';

/** What the row's buttons and keys ask the space editor to do. */
export type RowCommand = 'up' | 'down' | 'duplicate' | 'delete' | 'insert-after';

interface ParamRowEditorProps {
  readonly index: number;
  readonly count: number;
  readonly row: ParamRow;
  /** The other parameters a condition may test, with the values each can take (null: an int range). */
  readonly parents: readonly { readonly name: string; readonly values: readonly string[] | null }[];
  readonly issues: readonly RowIssue[];
  /** The row as the schema reads it, for the histogram; null while the row has problems. */
  readonly param: Param | null;
  readonly takenNames: readonly string[];
  readonly apply: (edit: DocumentEdit) => void;
  readonly onCommand: (index: number, command: RowCommand) => void;
}

function fieldInvalid(issues: readonly RowIssue[], ...fields: string[]): boolean {
  return issues.some((issue) => issue.fields.some((field) => fields.includes(field)));
}

/** One parameter: name, type, range or choices, scale, step, default, condition; Enter adds a row below. */
export function ParamRowEditor({ index, count, row, parents, issues, param, takenNames, apply, onCommand }: ParamRowEditorProps) {
  const id = (field: string) => `param-${index}-${field}`;
  const label = row.name === '' ? `parameter ${index + 1}` : row.name;
  const numeric = row.type === 'float' || row.type === 'int';
  const set = (key: 'low' | 'high' | 'step' | 'default' | 'value') => (text: string) => { apply((doc) => { setParamValue(doc, index, key, text); }); };
  const insertAfter = () => { onCommand(index, 'insert-after'); };
  const parent = parents.find((candidate) => candidate.name === row.whenParent);
  const issueId = issues.length > 0 ? id('issues') : undefined;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    onCommand(index, event.key === 'ArrowUp' ? 'up' : 'down');
  };

  return (
    <div className={`param-row${issues.length > 0 ? ' has-issues' : ''}`} role="group" aria-label={`Parameter ${label}`} aria-describedby={issueId} onKeyDown={onKeyDown}>
      <div className="param-row__fields">
        <div className="param-field param-field--name">
          <label htmlFor={id('name')}>Name</label>
          <NameInput id={id('name')} index={index} name={row.name} takenNames={takenNames} invalid={fieldInvalid(issues, 'name')} apply={apply} onEnter={insertAfter} />
        </div>
        <div className="param-field">
          <label htmlFor={id('type')}>Type</label>
          <select
            id={id('type')}
            className="select"
            value={row.type}
            aria-invalid={fieldInvalid(issues, 'type') || undefined}
            onChange={(event) => {
              const type = event.target.value;
              if (isParamType(type)) apply((doc) => { setParamType(doc, index, type); });
            }}
          >
            {!isParamType(row.type) && <option value={row.type}>{row.type === '' ? '(none)' : row.type}</option>}
            {PARAM_TYPES.map((type) => (
              <option key={type} value={type}>
                {TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </div>
        {numeric && (
          <>
            <div className="param-field param-field--number">
              <label htmlFor={id('low')}>Low</label>
              <TextInput id={id('low')} mono value={row.low} invalid={fieldInvalid(issues, 'low')} onCommit={set('low')} onEnter={insertAfter} />
            </div>
            <div className="param-field param-field--number">
              <label htmlFor={id('high')}>High</label>
              <TextInput id={id('high')} mono value={row.high} invalid={fieldInvalid(issues, 'high')} onCommit={set('high')} onEnter={insertAfter} />
            </div>
            <div className="param-field">
              <label htmlFor={id('scale')}>Scale</label>
              <select
                id={id('scale')}
                className="select"
                value={row.scale}
                aria-invalid={fieldInvalid(issues, 'log', 'reverse_log') || undefined}
                onChange={(event) => {
                  const scale = event.target.value as Scale;
                  apply((doc) => { setParamScale(doc, index, scale); });
                }}
              >
                {SCALES.filter((scale) => scale !== 'reverse-log' || row.type === 'float' || row.scale === 'reverse-log').map((scale) => (
                  <option key={scale} value={scale}>
                    {SCALE_LABELS[scale]}
                  </option>
                ))}
              </select>
            </div>
            <div className="param-field param-field--number">
              <label htmlFor={id('step')}>Step</label>
              <TextInput id={id('step')} mono value={row.step} placeholder="none" invalid={fieldInvalid(issues, 'step')} onCommit={set('step')} onEnter={insertAfter} />
            </div>
          </>
        )}
        {row.type === 'categorical' && (
          <div className="param-field param-field--wide">
            <label htmlFor={id('choices')}>Choices</label>
            <TextInput
              id={id('choices')}
              mono
              value={row.choices}
              placeholder="adam, sgd"
              invalid={fieldInvalid(issues, 'choices')}
              onCommit={(text) => { apply((doc) => { setParamChoices(doc, index, text); }); }}
              onEnter={insertAfter}
            />
          </div>
        )}
        {row.type === 'fixed' && (
          <div className="param-field param-field--wide">
            <label htmlFor={id('value')}>Value</label>
            <TextInput id={id('value')} mono value={row.value} invalid={fieldInvalid(issues, 'value')} onCommit={set('value')} onEnter={insertAfter} />
          </div>
        )}
        {row.type !== 'fixed' && (
          <div className="param-field param-field--number">
            <label htmlFor={id('default')}>Default</label>
            <TextInput id={id('default')} mono value={row.default} placeholder="centre" invalid={fieldInvalid(issues, 'default')} onCommit={set('default')} onEnter={insertAfter} />
          </div>
        )}
        <div className="param-row__actions">
          <button type="button" className="button button--quiet button--small icon-button" aria-label={`Move ${label} up`} title="Move up (Alt+↑)" disabled={index === 0} onClick={() => { onCommand(index, 'up'); }}>
            ↑
          </button>
          <button type="button" className="button button--quiet button--small icon-button" aria-label={`Move ${label} down`} title="Move down (Alt+↓)" disabled={index === count - 1} onClick={() => { onCommand(index, 'down'); }}>
            ↓
          </button>
          <button type="button" className="button button--quiet button--small" aria-label={`Duplicate ${label}`} onClick={() => { onCommand(index, 'duplicate'); }}>
            Duplicate
          </button>
          <button type="button" className="button button--quiet-danger button--small" aria-label={`Delete ${label}`} onClick={() => { onCommand(index, 'delete'); }}>
            Delete
          </button>
        </div>
      </div>

      <div className="param-row__second">
        <div className="param-row__condition">
          {row.whenText !== null ? (
            <span className="hint">
              Only when {row.whenText} <em>(edit several conditions in the YAML)</em>
            </span>
          ) : (
            <>
              <label htmlFor={id('when')}>Only when</label>
              <select
                id={id('when')}
                className="select"
                value={row.whenParent}
                aria-invalid={fieldInvalid(issues, 'when') || undefined}
                onChange={(event) => {
                  const name = event.target.value;
                  const first = parents.find((candidate) => candidate.name === name)?.values?.[0] ?? '';
                  apply((doc) => { setParamCondition(doc, index, name, first); });
                }}
              >
                <option value="">always active</option>
                {row.whenParent !== '' && !parents.some((candidate) => candidate.name === row.whenParent) && <option value={row.whenParent}>{row.whenParent}</option>}
                {parents.map((candidate) => (
                  <option key={candidate.name} value={candidate.name}>
                    {candidate.name}
                  </option>
                ))}
              </select>
              {row.whenParent !== '' && (
                <>
                  <label htmlFor={id('when-values')}>is</label>
                  <TextInput
                    id={id('when-values')}
                    mono
                    className="param-row__when-values"
                    value={row.whenValues}
                    placeholder={parent?.values?.join(', ') ?? 'value'}
                    list={parent?.values ? id('when-options') : undefined}
                    invalid={fieldInvalid(issues, 'when')}
                    onCommit={(text) => { apply((doc) => { setParamCondition(doc, index, row.whenParent, text); }); }}
                    onEnter={insertAfter}
                  />
                  {parent?.values && (
                    <datalist id={id('when-options')}>
                      {parent.values.map((value) => (
                        <option key={value} value={value} />
                      ))}
                    </datalist>
                  )}
                </>
              )}
            </>
          )}
        </div>
        <div className="param-row__preview">{param !== null && <HistogramPreview name={label} param={param} />}</div>
      </div>

      {issues.length > 0 && (
        <ul id={issueId} className="param-row__issues">
          {issues.map((issue, issueIndex) => (
            <li key={issueIndex}>{issue.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface NameInputProps {
  readonly id: string;
  readonly index: number;
  readonly name: string;
  readonly takenNames: readonly string[];
  readonly invalid: boolean;
  readonly apply: (edit: DocumentEdit) => void;
  readonly onEnter: () => void;
}

/**
 * A name another row has cannot be written (a mapping holds each key once): it stays in the box,
 * marked, until it is unique; leaving the box brings back the last name that was written.
 */
function NameInput({ id, index, name, takenNames, invalid, apply, onEnter }: NameInputProps) {
  const [conflict, setConflict] = useState<string | null>(null);
  return (
    <>
      <TextInput
        id={id}
        mono
        value={name}
        invalid={invalid || conflict !== null}
        aria-describedby={conflict !== null ? `${id}-conflict` : undefined}
        placeholder="lr"
        onCommit={(text) => {
          if (takenNames.includes(text)) {
            setConflict(text);
            return;
          }
          setConflict(null);
          apply((doc) => { renameParam(doc, index, text); });
        }}
        onBlur={() => { setConflict(null); }}
        onEnter={onEnter}
      />
      {conflict !== null && (
        <span id={`${id}-conflict`} className="field-error" role="alert">
          another parameter is called {conflict}; choose another name
        </span>
      )}
    </>
  );
}
