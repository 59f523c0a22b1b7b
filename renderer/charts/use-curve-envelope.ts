import { useRef } from 'react';
import { curveEnvelope, type CurveEntry, type CurveEnvelope } from './learning-curves-figure';

/** Whether two lists hold the same trials' same series (by identity: a series changes identity when it moves). */
export function sameCurves(a: readonly CurveEntry[], b: readonly CurveEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) {
    if (a[index]!.trial.id !== b[index]!.trial.id || a[index]!.series !== b[index]!.series) return false;
  }
  return true;
}

/**
 * The envelope of the curves not drawn on their own, recomputed only when one of them changed:
 * while points stream into live trials (drawn on their own) it is reused, which spares a pass over
 * every stored point on every push. Cached in a ref because the list itself is new every render.
 */
export function useCurveEnvelope(rest: readonly CurveEntry[]): CurveEnvelope | null {
  const cache = useRef<{ readonly rest: readonly CurveEntry[]; readonly envelope: CurveEnvelope | null } | null>(null);
  const held = cache.current;
  if (held !== null && sameCurves(held.rest, rest)) return held.envelope;
  const envelope = rest.length === 0 ? null : curveEnvelope(rest);
  cache.current = { rest, envelope };
  return envelope;
}
