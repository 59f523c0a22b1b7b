import { useRef } from 'react';
import { curveEnvelope, type CurveEntry, type CurveEnvelope } from './learning-curves-figure';

/** Whether two lists hold the same trials' same series (by identity: a series changes identity when it moves). */
export function sameCurves(a: readonly CurveEntry[], b: readonly CurveEntry[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) {
    if (a[index]!.trial.id !== b[index]!.trial.id || a[index]!.series !== b[index]!.series) return false;
  }
  return true;
}

/** Trials that may join the envelope's curves before it is computed again, as a share of them. */
export const ENVELOPE_SLACK = 0.02;

/**
 * Whether an envelope computed over `before` still summarises `now`: every curve it was computed
 * from is there unchanged, and the curves added since are at most ENVELOPE_SLACK of them. A
 * trial that finishes outside the best few joins the envelope; with ten thousand others its
 * median and 10-90% band do not move visibly, and recomputing them (a pass over every stored
 * point) on each such finish was a long frame every couple of seconds while a sweep streamed.
 */
export function envelopeStillFits(before: readonly CurveEntry[], now: readonly CurveEntry[]): boolean {
  const added = now.length - before.length;
  if (added < 0 || added > ENVELOPE_SLACK * before.length) return false;
  if (added === 0) return sameCurves(before, now);
  const seriesOf = new Map(now.map((entry) => [entry.trial.id, entry.series]));
  return before.every((entry) => seriesOf.get(entry.trial.id) === entry.series);
}

/**
 * The envelope of the curves not drawn on their own, recomputed only when it no longer fits them
 * (envelopeStillFits): while points stream into live trials (drawn on their own) it is reused,
 * which spares a pass over every stored point on every push. Cached in a ref because the list
 * itself is new every render. The count it shows is always the current one.
 */
export function useCurveEnvelope(rest: readonly CurveEntry[]): CurveEnvelope | null {
  const cache = useRef<{ readonly rest: readonly CurveEntry[]; readonly envelope: CurveEnvelope | null } | null>(null);
  const held = cache.current;
  if (held !== null && held.envelope !== null && envelopeStillFits(held.rest, rest)) {
    return held.envelope.curves === rest.length ? held.envelope : { ...held.envelope, curves: rest.length };
  }
  if (held !== null && held.envelope === null && rest.length === 0) return null;
  const envelope = rest.length === 0 ? null : curveEnvelope(rest);
  cache.current = { rest, envelope };
  return envelope;
}
