import { useEffect, useState } from 'react';
import { useKeyShortcut } from '../../lib/use-key-shortcut';
import { useImportRequested, useUiActions } from '../../state/hooks';
import { ImportDialog } from './ImportDialog';

/** The experiments list header's "Import…", and its dialog while open; the Import command (menu, shortcut) opens it too. */
export function ImportButton() {
  const [open, setOpen] = useState(false);
  const requested = useImportRequested();
  const { requestImport } = useUiActions();
  const shortcut = useKeyShortcut('import');
  useEffect(() => {
    if (!requested) return;
    requestImport(false);
    setOpen(true);
  }, [requested, requestImport]);
  return (
    <>
      <button type="button" className="button button--small" aria-haspopup="dialog" aria-keyshortcuts={shortcut} onClick={() => { setOpen(true); }}>
        Import…
      </button>
      {open && <ImportDialog onClose={() => { setOpen(false); }} />}
    </>
  );
}
