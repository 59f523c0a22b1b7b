import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExampleExperiment } from '../../../shared/domain';
import type { ApiError } from '../../../shared/result';
import { parentFolder } from '../../lib/paths';
import { useCommands, useDraft, useUiActions } from '../../state/hooks';
import type { ExperimentDraft } from '../../state/ui-slice';
import { draftSourceKind, sourceFromDraft } from './create-source';
import { DraftNotesBox } from './DraftNotesBox';
import { ExamplePicker } from './ExamplePicker';
import { ExperimentForm } from './ExperimentForm';
import { IssueList } from './IssueList';
import { MessageText } from '../../ui/MessageText';
import { NativePickButton } from '../../ui/NativePickButton';
import { useDraftDocument } from './use-draft-document';
import type { DocumentEdit } from './yaml-draft';
import { settle, shownValidation, summarize, VALIDATION_DELAY_MS, type Validation } from './validation-state';

type Creating = 'idle' | 'create' | 'create-and-start';

/**
 * Where an experiment is made: fill the form, or paste (or pick) an experiment file, and say which
 * folder it is relative to; or name a file on the back end's machine. The form and the YAML are
 * two views of one text, which lives in the store, so leaving the panel or a failed create never
 * loses it.
 */
export function NewExperimentPanel() {
  const draft = useDraft();
  const { editDraft, setDraftNotes } = useUiActions();
  const { validate, createExperiment } = useCommands();
  const [validation, setValidation] = useState<Validation>({ kind: 'idle' });
  const [creating, setCreating] = useState<Creating>('idle');
  const [createError, setCreateError] = useState<ApiError | null>(null);
  const [replaced, setReplaced] = useState<ExperimentDraft | null>(null);
  const latestCheck = useRef(0);
  const draftDocument = useDraftDocument();
  const applyDocument = draftDocument.apply;

  // A create error describes the form as it was; once it changes, the live checks take over.
  const edit = useCallback(
    (change: Partial<ExperimentDraft>) => {
      editDraft(change);
      setCreateError(null);
    },
    [editDraft],
  );

  // Live validation: debounced, and only the newest answer counts.
  useEffect(() => {
    const check = ++latestCheck.current;
    if (draft.yaml.trim() === '') {
      setValidation({ kind: 'idle' });
      return;
    }
    setValidation((current) => ({ kind: 'checking', previous: shownValidation(current) }));
    const timer = setTimeout(() => {
      void validate(draft.yaml).then((reply) => {
        if (check === latestCheck.current) setValidation(settle(reply));
      });
    }, VALIDATION_DELAY_MS);
    return () => { clearTimeout(timer); };
  }, [draft.yaml, validate]);

  const applyForm = useCallback(
    (change: DocumentEdit) => {
      applyDocument(change);
      setCreateError(null);
      setReplaced(null);
    },
    [applyDocument],
  );

  const pickExample = useCallback(
    (example: ExampleExperiment) => {
      const typed = draft.yaml.trim() !== '' && draft.yaml !== example.yaml;
      setReplaced(typed ? draft : null);
      editDraft({ yaml: example.yaml, baseDir: parentFolder(example.path), path: '' });
      setCreateError(null);
    },
    [draft, editDraft],
  );

  async function create(start: boolean): Promise<void> {
    const source = sourceFromDraft(draft);
    if (!source.ok) {
      setCreateError(source.error);
      return;
    }
    setCreateError(null);
    setCreating(start ? 'create-and-start' : 'create');
    const reply = await createExperiment(source.value, start);
    setCreating('idle');
    if (!reply.ok) setCreateError(reply.error);
    // The notes described this draft; the next one starts without them.
    else setDraftNotes(null);
  }

  const usingPath = draftSourceKind(draft) === 'path';
  const shown = shownValidation(validation);

  return (
    <section className="editor" aria-labelledby="editor-title">
      <header className="editor__header">
        <h1 id="editor-title">New experiment</h1>
        <ExamplePicker onPick={pickExample} />
        {replaced !== null && (
          <p className="editor__replaced" role="status">
            The example replaced your text.{' '}
            <button
              type="button"
              className="button button--link"
              onClick={() => {
                edit(replaced);
                setReplaced(null);
              }}
            >
              Undo
            </button>
          </p>
        )}
      </header>
      <DraftNotesBox />
      <div className="editor__body editor__body--form">
        <div className="editor__form" aria-label="Experiment form" role="region">
          {draftDocument.read.kind === 'error' && (
            <div className="form-waiting" role="alert">
              <p className="issues__title">The form waits until the YAML parses</p>
              <p className="issues__message">
                <MessageText text={draftDocument.read.message} />
              </p>
            </div>
          )}
          <ExperimentForm
            data={draftDocument.read.kind === 'ok' ? draftDocument.read.data : null}
            spaceKeys={draftDocument.read.kind === 'ok' ? draftDocument.read.spaceKeys : []}
            baseDir={draft.baseDir}
            issues={!usingPath && shown?.kind === 'invalid' ? (shown.error.issues ?? []) : []}
            apply={applyForm}
          />
        </div>
        <div className="editor__side">
          <div className={`editor__text${usingPath ? ' is-inactive' : ''}`}>
            <label htmlFor="experiment-yaml" className="field-label">
              Experiment file (YAML)
            </label>
            <textarea
              id="experiment-yaml"
              className="editor__yaml"
              value={draft.yaml}
              spellCheck={false}
              autoCapitalize="off"
              autoComplete="off"
              wrap="off"
              placeholder={'name: my-sweep\ncommand: ["python3", "train.py", "--lr={lr}"]\nobjective: {metric: loss, mode: min}\nspace:\n  lr: {type: float, low: 0.0001, high: 0.1, log: true}\nbudget: {trials: 20, parallel: 2}'}
              onChange={(event) => {
                edit({ yaml: event.target.value });
                setReplaced(null);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="experiment-base-dir" className="field-label">
              Base folder
            </label>
            <div className="input-row">
              <input
                id="experiment-base-dir"
                className="input input--mono"
                value={draft.baseDir}
                spellCheck={false}
                autoComplete="off"
                placeholder="/home/you/project"
                aria-describedby="experiment-base-dir-hint"
                onChange={(event) => {
                  edit({ baseDir: event.target.value });
                }}
              />
              <NativePickButton pick="folder" title="Base folder" current={draft.baseDir} onPicked={(folder) => { edit({ baseDir: folder }); }} />
            </div>
            <p id="experiment-base-dir-hint" className="hint">
              Absolute path of the folder that <code>workdir</code> is relative to, on the machine that runs Tundra.
            </p>
          </div>

          <div className="field field--alternative">
            <label htmlFor="experiment-path" className="field-label">
              Experiment file path
            </label>
            <div className="input-row">
              <input
                id="experiment-path"
                className="input input--mono"
                value={draft.path}
                spellCheck={false}
                autoComplete="off"
                placeholder="/home/you/project/experiment.yaml"
                aria-describedby="experiment-path-hint"
                onChange={(event) => {
                  edit({ path: event.target.value });
                }}
              />
              <NativePickButton pick="experiment-file" title="Experiment file" current={draft.path} onPicked={(file) => { edit({ path: file }); }} />
            </div>
            <p id="experiment-path-hint" className="hint">
              Or an experiment file on the machine that runs Tundra; its folder is the base folder.
              {usingPath && <strong> This file is used instead of the text.</strong>}
            </p>
          </div>

          <div className="editor__validation" aria-live="polite">
            {validation.kind === 'checking' && <p className="hint">Checking…</p>}
            {!usingPath && shown?.kind === 'valid' && (
              <p className="valid" role="status">
                <span aria-hidden="true">✓ </span>
                {summarize(shown.file)}
              </p>
            )}
            {!usingPath && shown?.kind === 'invalid' && <IssueList title="Problems in the experiment file" error={shown.error} />}
          </div>

          <div className="editor__actions">
            <button type="button" className="button" disabled={creating !== 'idle'} onClick={() => void create(false)}>
              Create
            </button>
            <button type="button" className="button button--primary" disabled={creating !== 'idle'} onClick={() => void create(true)}>
              Create and start
            </button>
            {creating !== 'idle' && <span className="hint">Creating…</span>}
          </div>
          {createError !== null && <IssueList title="Could not create the experiment" error={createError} />}
        </div>
      </div>
    </section>
  );
}
