import { useId, useState } from 'react';
import type { ApiError } from '../../../shared/result';
import { useCommands, useUiActions } from '../../state/hooks';
import { NativePickButton } from '../../ui/NativePickButton';
import { IssueList } from '../editor/IssueList';
import { importNotes } from './import-notes';
import { useModalDialog } from '../../ui/use-modal-dialog';

type Source = 'experiment' | 'wandb' | 'optuna';

/**
 * "Import…": an experiment file of Tundra's own (read here in the browser) opens in the editor as
 * a draft to review; a W&B sweep (a file read here in the browser, or pasted text) becomes a draft in
 * the editor with its report above it; an Optuna study file on the back end's machine becomes a
 * read-only finished experiment, opened at once. The native <dialog> gives focus trapping and Escape.
 */
export function ImportDialog({ onClose }: { readonly onClose: () => void }) {
  const dialog = useModalDialog();
  const titleId = useId();
  const [source, setSource] = useState<Source>('experiment');
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog import-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>Import</h2>
      <fieldset className="import-dialog__choice">
        <legend className="visually-hidden">What to import</legend>
        <label>
          <input type="radio" name="import-source" checked={source === 'experiment'} onChange={() => { setSource('experiment'); }} /> An experiment file
        </label>
        <label>
          <input type="radio" name="import-source" checked={source === 'wandb'} onChange={() => { setSource('wandb'); }} /> A W&amp;B sweep file
        </label>
        <label>
          <input type="radio" name="import-source" checked={source === 'optuna'} onChange={() => { setSource('optuna'); }} /> An Optuna study
        </label>
      </fieldset>
      {source === 'experiment' ? <ExperimentFileForm onDone={onClose} /> : source === 'wandb' ? <SweepForm onDone={onClose} /> : <StudyForm onDone={onClose} />}
      <div className="confirm-dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}

/** A Tundra experiment file from this computer: nothing is stored until it is created in the editor, where it is checked. */
function ExperimentFileForm({ onDone }: { readonly onDone: () => void }) {
  const { editDraft, setDraftNotes, show } = useUiActions();
  const file = useChosenFile();
  const yaml = file.text;
  const [baseDir, setBaseDir] = useState('');

  return (
    <form
      className="import-dialog__form"
      onSubmit={(event) => {
        event.preventDefault();
        editDraft({ yaml, baseDir: baseDir.trim(), path: '' });
        setDraftNotes(null);
        show({ kind: 'new-experiment' });
        onDone();
      }}
    >
      <ChosenFileField label="Experiment file" accept=".yaml,.yml,.json,text/yaml,application/yaml,application/json" file={file} />
      {file.name !== '' && file.readError === null && <p className="hint">Read {file.name}: it opens in the editor, checked there before anything is created.</p>}
      <label className="field">
        <span className="field-label">Experiment folder</span>
        <span className="input-row">
          <input className="input input--mono" value={baseDir} spellCheck={false} autoComplete="off" placeholder="/home/you/project" onChange={(event) => { setBaseDir(event.target.value); }} />
          <NativePickButton pick="folder" title="Experiment folder" current={baseDir} onPicked={setBaseDir} />
        </span>
        <span className="hint">Absolute path, on the machine that runs Tundra, of the folder the file&apos;s workdir is relative to (usually where the file lives).</span>
      </label>
      <button type="submit" className="button button--primary" disabled={yaml.trim() === ''}>
        Open in the editor
      </button>
    </form>
  );
}

function SweepForm({ onDone }: { readonly onDone: () => void }) {
  const { importSweep } = useCommands();
  const { editDraft, setDraftNotes, show } = useUiActions();
  const file = useChosenFile();
  // The sweep is read from a file or pasted; either way it is this text.
  const { text: yaml, setText: setYaml } = file;
  const [baseDir, setBaseDir] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function submit(): Promise<void> {
    setBusy(true);
    setError(null);
    const reply = await importSweep(yaml, baseDir.trim());
    setBusy(false);
    if (!reply.ok) {
      setError(reply.error);
      return;
    }
    editDraft({ yaml: reply.value.yaml, baseDir: baseDir.trim(), path: '' });
    setDraftNotes(importNotes('a W&B sweep', reply.value.report));
    show({ kind: 'new-experiment' });
    onDone();
  }

  return (
    <form
      className="import-dialog__form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <ChosenFileField label="Sweep file" accept=".yaml,.yml,text/yaml,application/yaml" file={file} />
      <label className="field">
        <span className="field-label">Sweep YAML</span>
        <textarea className="editor__yaml import-dialog__yaml" value={yaml} spellCheck={false} wrap="off" placeholder="…or paste the sweep configuration here" onChange={(event) => { setYaml(event.target.value); }} />
      </label>
      <label className="field">
        <span className="field-label">Sweep folder</span>
        <span className="input-row">
          <input className="input input--mono" value={baseDir} spellCheck={false} autoComplete="off" placeholder="/home/you/project" onChange={(event) => { setBaseDir(event.target.value); }} />
          <NativePickButton pick="folder" title="Sweep folder" current={baseDir} onPicked={setBaseDir} />
        </span>
        <span className="hint">Absolute path of the folder with the sweep&apos;s program, on the machine that runs Tundra.</span>
      </label>
      <button type="submit" className="button button--primary" disabled={busy || yaml.trim() === '' || baseDir.trim() === ''}>
        {busy ? 'Importing…' : 'Import sweep'}
      </button>
      {error !== null && <IssueList title="Could not import the sweep" error={error} />}
    </form>
  );
}

function StudyForm({ onDone }: { readonly onDone: () => void }) {
  const { importOptuna } = useCommands();
  const { setExperimentNotes } = useUiActions();
  const [path, setPath] = useState('');
  const [study, setStudy] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function submit(): Promise<void> {
    setBusy(true);
    setError(null);
    const name = study.trim();
    const reply = await importOptuna(path.trim(), name === '' ? undefined : name);
    setBusy(false);
    if (!reply.ok) {
      setError(reply.error);
      return;
    }
    // The experiment is open by now; what did not carry over is shown above its dashboard.
    setExperimentNotes(reply.value.experiment.id, importNotes('an Optuna study', reply.value.report));
    onDone();
  }

  return (
    <form
      className="import-dialog__form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label className="field">
        <span className="field-label">Study file</span>
        <input className="input input--mono" value={path} spellCheck={false} autoComplete="off" placeholder="/home/you/optuna.db" onChange={(event) => { setPath(event.target.value); }} />
        <span className="hint">An Optuna RDB SQLite file on the machine that runs Tundra; imported read-only, as a finished experiment.</span>
      </label>
      <label className="field">
        <span className="field-label">Study name (optional)</span>
        <input className="input" value={study} spellCheck={false} autoComplete="off" placeholder="needed when the file holds several studies" onChange={(event) => { setStudy(event.target.value); }} />
      </label>
      <button type="submit" className="button button--primary" disabled={busy || path.trim() === ''}>
        {busy ? 'Importing…' : 'Import study'}
      </button>
      {error !== null && <IssueList title="Could not import the study" error={error} />}
    </form>
  );
}

interface ChosenFile {
  readonly text: string;
  readonly setText: (text: string) => void;
  /** The chosen file's name; empty before one is read. */
  readonly name: string;
  readonly readError: string | null;
  readonly read: (file: File | undefined) => Promise<void>;
}

/** A text file chosen on this computer and read in the page (the back end may be on another machine). */
function useChosenFile(): ChosenFile {
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [readError, setReadError] = useState<string | null>(null);
  async function read(file: File | undefined): Promise<void> {
    if (file === undefined) return;
    setReadError(null);
    try {
      setText(await file.text());
      setName(file.name);
    } catch (failure) {
      setReadError(`Could not read ${file.name}: ${failure instanceof Error ? failure.message : String(failure)}`);
    }
  }
  return { text, setText, name, readError, read };
}

function ChosenFileField({ label, accept, file }: { readonly label: string; readonly accept: string; readonly file: ChosenFile }) {
  return (
    <>
      <label className="field">
        <span className="field-label">{label}</span>
        <input type="file" accept={accept} onChange={(event) => void file.read(event.target.files?.[0])} />
      </label>
      {file.readError !== null && (
        <p className="issues" role="alert">
          {file.readError}
        </p>
      )}
    </>
  );
}
