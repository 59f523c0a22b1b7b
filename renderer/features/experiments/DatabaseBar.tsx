import { useId, useState } from 'react';
import type { ApiError } from '../../../shared/result';
import { useCommands, useDatabase, useDatabasePicker } from '../../state/hooks';
import { IssueList } from '../editor/IssueList';
import { useModalDialog } from '../../ui/use-modal-dialog';

/** The file's name without its folders, for the narrow sidebar; the whole path is its tooltip. */
function fileName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/**
 * The experiments list's database line: which file the back end has open, and "Open database…"
 * to switch to another (every client connected to this back end follows).
 */
export function DatabaseBar() {
  const database = useDatabase();
  const [open, setOpen] = useState(false);
  return (
    <div className="database-bar">
      <span className="database-bar__file" title={database?.file}>
        <span className="database-bar__label">Database</span>{' '}
        <span className="database-bar__name" aria-label="Database file">
          {database === null ? '…' : fileName(database.file)}
        </span>
      </span>
      <button type="button" className="button button--small button--quiet" aria-haspopup="dialog" onClick={() => { setOpen(true); }}>
        Open database…
      </button>
      {open && <OpenDatabaseDialog current={database?.file ?? ''} onClose={() => { setOpen(false); }} />}
    </div>
  );
}

function OpenDatabaseDialog({ current, onClose }: { readonly current: string; readonly onClose: () => void }) {
  const { openDatabase } = useCommands();
  const pick = useDatabasePicker();
  const dialog = useModalDialog();
  const titleId = useId();
  const pathId = useId();
  const [path, setPath] = useState(current);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);


  async function submit(): Promise<void> {
    setBusy(true);
    setError(null);
    const reply = await openDatabase(path.trim());
    setBusy(false);
    if (reply.ok) onClose();
    else setError(reply.error);
  }

  async function browse(): Promise<void> {
    if (pick === undefined) return;
    const picked = await pick();
    if (picked !== null) setPath(picked);
  }

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog database-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>Open database</h2>
      <form
        className="import-dialog__form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor={pathId} className="field-label">
            Database file
          </label>
          <span className="database-dialog__path">
            <input
              id={pathId}
              className="input input--mono"
              value={path}
              spellCheck={false}
              autoComplete="off"
              placeholder="/home/you/tundra.db"
              aria-describedby={`${pathId}-hint`}
              onChange={(event) => { setPath(event.target.value); }}
            />
            {pick !== undefined && (
              <button type="button" className="button" onClick={() => void browse()}>
                Browse…
              </button>
            )}
          </span>
          <span id={`${pathId}-hint`} className="hint">
            Absolute path on the machine that runs Tundra. A file that does not exist yet is created (its folder must exist). Every window connected to this Tundra switches to it; experiments must not be running.
          </span>
        </div>
        {error !== null && <IssueList title="Could not open the database" error={error} />}
        <div className="confirm-dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy || path.trim() === '' || path.trim() === current}>
            {busy ? 'Opening…' : 'Open'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
