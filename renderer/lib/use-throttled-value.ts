import { useEffect, useReducer, useRef } from 'react';

/** What a throttled value has passed on: the value, the key it was for and when. */
export interface Throttled<T> {
  readonly value: T;
  readonly key: string;
  readonly at: number;
}

/**
 * The throttle's rule, pure: pass `value` on when nothing has been yet, when `key` changed (what
 * the user chose: another metric, another experiment), or when it differs from what was passed on
 * and `intervalMs` has gone by since; otherwise keep what was passed on.
 */
export function nextThrottled<T>(held: Throttled<T> | null, value: T, key: string, now: number, intervalMs: number): Throttled<T> {
  if (held === null || held.key !== key || (held.value !== value && now - held.at >= intervalMs)) return { value, key, at: now };
  return held;
}

/**
 * `value`, passed on at most once per `intervalMs` while it keeps changing; the newest one is
 * passed on when the interval is up, so nothing is lost, only coalesced. A change of `key` passes
 * the value on at once, as does the first render.
 */
export function useThrottledValue<T>(value: T, key: string, intervalMs: number): T {
  const held = useRef<Throttled<T> | null>(null);
  const [renders, redraw] = useReducer((count: number) => count + 1, 0);
  held.current = nextThrottled(held.current, value, key, performance.now(), intervalMs);
  const shown = held.current;
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
