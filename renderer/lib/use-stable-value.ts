import { useMemo } from 'react';

/**
 * The same object for as long as its JSON is the same. Every push brings a freshly parsed
 * experiment, so `experiment.spec.space` is a new object several times a second although it never
 * changes; memos keyed on it would rebuild (and charts redraw) on every push.
 */
export function useStableValue<T>(value: T): T {
  const key = JSON.stringify(value);
  // Keyed on the JSON on purpose: `value` itself changes identity with every push.
  return useMemo(() => value, [key]);
}
