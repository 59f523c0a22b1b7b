import { useState } from 'react';
import { ImportDialog } from './ImportDialog';

/** The experiments list header's "Import…", and its dialog while open. */
export function ImportButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button--small" aria-haspopup="dialog" onClick={() => { setOpen(true); }}>
        Import…
      </button>
      {open && <ImportDialog onClose={() => { setOpen(false); }} />}
    </>
  );
}
