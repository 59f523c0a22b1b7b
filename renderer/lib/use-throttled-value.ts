import { useEffect, useReducer, useRef } from 'react';

/**
 * `value`, passed on at most once per `intervalMs` while it keeps changing; the newest one is
 * passed on when the interval is up, so nothing is lost, only coalesced. A change of `key` (what
 * the user chose: another metric, another experiment) passes the value on at once, as does the
 * first render.
 */
export function useThrottledValue<T>(value: T, key: string, intervalMs: number): T {
  const held = useRef<{ value: T; key: string; at: number } | null>(null);
  const [renders, redraw] = useReducer((count: number) => count + 1, 0);
  const now = performance.now();
  const current = held.current;
  if (current === null || current.key !== key || (current.value !== value && now - current.at >= intervalMs)) {
    held.current = { value, key, at: now };
  }
  const shown = held.current!;
  const behind = shown.value !== value;
  useEffect(() => {
    if (!behind) return undefined;
    // Rendered again when the interval is up; that render passes on the newest value (and a
    // timer that fired a little early runs this again, through `renders`).
    const timer = setTimeout(redraw, Math.max(0, shown.at + intervalMs - performance.now()));
    return () => { clearTimeout(timer); };
  }, [behind, shown, intervalMs, renders]);
  return shown.value;
}
