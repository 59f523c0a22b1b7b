import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Param } from '../../../shared/search-space';
import { previewParam } from './histogram';
import { ParamRowEditor, type RowCommand } from './ParamRowEditor';
import { spaceIssues } from './row-issues';
import { addParam, deleteParam, duplicateParam, moveParam, readRows, spaceIsEditable } from './space-rows';
import { listText } from './yaml-draft';
import type { DocumentEdit } from './yaml-draft';

interface SpaceEditorProps {
  readonly data: Readonly<Record<string, unknown>>;
  readonly spaceKeys: readonly string[];
  readonly apply: (edit: DocumentEdit) => void;
}

/** Values a condition can test, as text, for the parameters that have few; null for an int range. */
function conditionValues(param: unknown): readonly string[] | null | undefined {
  if (param === null || typeof param !== 'object') return undefined;
  const { type, choices, value } = param as Record<string, unknown>;
  switch (type) {
    case 'categorical':
      return Array.isArray(choices) ? choices.map((choice) => listText([choice])) : [];
    case 'bool':
      return ['false', 'true'];
    case 'fixed':
      return [listText([value])];
    case 'int':
      return null;
    default:
      // Floats cannot be tested for equality; unknown types are not offered.
      return undefined;
  }
}

/**
 * The search space as rows. Histograms are computed per parameter and kept while that parameter's
 * definition is unchanged (by its JSON), so typing in one row does not redraw the others.
 */
export function SpaceEditor({ data, spaceKeys, apply }: SpaceEditorProps) {
  const editable = spaceIsEditable(data);
  const rows = useMemo(() => readRows(data, spaceKeys), [data, spaceKeys]);
  const issues = useMemo(() => spaceIssues(data.space, spaceKeys), [data.space, spaceKeys]);
  const cache = useRef(new Map<string, Param | null>());
  const focusAfterRender = useRef<{ index: number; target: string } | null>(null);

  const space = (data.space ?? {}) as Record<string, unknown>;
  const params = rows.map((row) => {
    const key = JSON.stringify(space[row.name] ?? null);
    if (!cache.current.has(key)) cache.current.set(key, previewParam(space[row.name]));
    return cache.current.get(key) ?? null;
  });
  if (cache.current.size > 200) cache.current.clear();

  const parentsByRow = rows.map((row) =>
    rows.flatMap((other) => {
      if (other.name === row.name || other.name === '') return [];
      const values = conditionValues(space[other.name]);
      return values === undefined ? [] : [{ name: other.name, values }];
    }),
  );

  useEffect(() => {
    const pending = focusAfterRender.current;
    if (pending === null) return;
    focusAfterRender.current = null;
    document.getElementById(`param-${pending.index}-${pending.target}`)?.focus();
  });

  const onCommand = useCallback(
    (index: number, command: RowCommand) => {
      switch (command) {
        case 'up':
        case 'down': {
          const to = command === 'up' ? index - 1 : index + 1;
          focusAfterRender.current = { index: to, target: 'name' };
          apply((doc) => { moveParam(doc, index, to); });
          return;
        }
        case 'duplicate':
          focusAfterRender.current = { index: index + 1, target: 'name' };
          apply((doc) => { duplicateParam(doc, index); });
          return;
        case 'delete':
          focusAfterRender.current = { index: Math.max(0, index - 1), target: 'name' };
          apply((doc) => { deleteParam(doc, index); });
          return;
        case 'insert-after':
          focusAfterRender.current = { index: index + 1, target: 'name' };
          apply((doc) => {
            const added = addParam(doc);
            moveParam(doc, added, index + 1);
          });
          return;
      }
    },
    [apply],
  );

  const add = () => {
    focusAfterRender.current = { index: rows.length, target: 'name' };
    apply((doc) => { addParam(doc); });
  };

  return (
    <section className="space-editor" aria-labelledby="space-editor-title">
      <div className="space-editor__header">
        <h2 id="space-editor-title" className="form-section__title">
          Search space
        </h2>
        <p className="hint">
          One row per parameter; Enter in a row adds one below it, Alt+↑/↓ moves it. The bars show where 1,000 draws land on the parameter’s scale.
        </p>
      </div>
      {!editable ? (
        <p className="field-error" role="alert">
          space is not a mapping of parameters; fix it in the YAML (e.g. <code>space: {'{lr: {type: float, low: 0.0001, high: 0.1, log: true}}'}</code>).
        </p>
      ) : (
        <>
          {issues.space.length > 0 && (
            <ul className="space-editor__issues" aria-label="Search space problems">
              {issues.space.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
          <ol className="space-editor__rows" aria-label="Parameters">
            {rows.map((row, index) => (
              <li key={index}>
                <ParamRowEditor
                  index={index}
                  count={rows.length}
                  row={row}
                  parents={parentsByRow[index]!}
                  issues={issues.rows.get(index) ?? []}
                  param={params[index] ?? null}
                  takenNames={rows.filter((_, other) => other !== index).map((other) => other.name)}
                  apply={apply}
                  onCommand={onCommand}
                />
              </li>
            ))}
          </ol>
          <div>
            <button type="button" className="button" onClick={add}>
              Add parameter
            </button>
          </div>
        </>
      )}
    </section>
  );
}
