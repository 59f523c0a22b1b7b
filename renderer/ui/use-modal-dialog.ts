import { useEffect, useRef, type RefObject } from 'react';

/**
 * A <dialog> shown modal while the component is mounted (the browser then traps focus and gives
 * Escape its cancel event), closed when it unmounts. `onShown` runs once it is open, e.g. to move
 * focus to the safe choice.
 */
export function useModalDialog(onShown?: () => void): RefObject<HTMLDialogElement | null> {
  const dialog = useRef<HTMLDialogElement>(null);
  const shown = useRef(onShown);
  useEffect(() => {
    const node = dialog.current;
    if (node === null) return;
    if (!node.open) node.showModal();
    shown.current?.();
    return () => { node.close(); };
  }, []);
  return dialog;
}
