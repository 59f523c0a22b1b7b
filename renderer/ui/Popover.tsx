import { useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';

interface PopoverProps {
  readonly anchor: RefObject<HTMLElement | null>;
  readonly label: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly id?: string;
  /** Added to `popover`, for a panel that needs another size. */
  readonly className?: string;
}

function overlayLayer(): HTMLElement {
  return document.getElementById('overlays') ?? document.body;
}

/**
 * A small non-modal panel under an anchor button, in the overlay layer (index.html). Closes on
 * Escape (focus goes back to the anchor), on a click outside, and when a scroll or resize moves its
 * anchor (it would drift away from it). Focus moves to its first button on open.
 */
export function Popover({ anchor, label, onClose, children, id, className }: PopoverProps) {
  const panel = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  /** Where the anchor was when the panel opened: a scroll that leaves it there does not close the panel. */
  const anchoredAt = useRef<{ top: number; left: number } | null>(null);

  useLayoutEffect(() => {
    const rect = anchor.current?.getBoundingClientRect();
    anchoredAt.current = rect === undefined ? null : { top: rect.top, left: rect.left };
    // Under the anchor, moved left as far as needed to stay inside the window (an anchor near the right edge).
    const width = panel.current?.offsetWidth ?? 0;
    if (rect !== undefined) setPosition({ top: rect.bottom + 4, left: Math.max(8, Math.min(rect.left, window.innerWidth - width - 8)) });
  }, [anchor]);

  useEffect(() => {
    panel.current?.querySelector('button')?.focus();
  }, [position]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      onClose();
      anchor.current?.focus();
    };
    const onPointer = (event: MouseEvent) => {
      const target = event.target;
      if (!(target instanceof Node)) return;
      if (panel.current?.contains(target) === true || anchor.current?.contains(target) === true) return;
      onClose();
    };
    const onMove = (event: Event) => {
      if (event.target instanceof Node && panel.current?.contains(event.target) === true) return;
      // Only a move of the anchor matters. Other scrolls (a table's own, the browser keeping the
      // view steady while a chart below changes height) used to close the panel as it opened.
      const rect = anchor.current?.getBoundingClientRect();
      const at = anchoredAt.current;
      if (rect !== undefined && at !== null && Math.abs(rect.top - at.top) < 1 && Math.abs(rect.left - at.left) < 1) return;
      onClose();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onPointer);
    window.addEventListener('resize', onMove);
    document.addEventListener('scroll', onMove, true);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onPointer);
      window.removeEventListener('resize', onMove);
      document.removeEventListener('scroll', onMove, true);
    };
  }, [anchor, onClose]);

  return createPortal(
    <div
      ref={panel}
      id={id}
      className={className === undefined ? 'popover' : `popover ${className}`}
      role="dialog"
      aria-label={label}
      style={position === null ? { visibility: 'hidden' } : { top: position.top, left: position.left }}
    >
      {children}
    </div>,
    overlayLayer(),
  );
}
