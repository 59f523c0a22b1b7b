import type { CurvePoint, PolicyContext, PolicyDecision, PolicyTrialView } from './policy';

/** Helpers every policy reads its views through, so they all agree on what "better" and "reached" mean. */

export const CONTINUE: PolicyDecision = Object.freeze({ kind: 'continue' });

/**
 * An objective value as a loss: smaller is better whatever the direction, so the policies compare
 * one way only. NaN (a diverged run) is the worst possible loss rather than a value that makes every
 * comparison false, which would let a diverged trial survive every rung.
 */
export function lossOf(value: number, objective: PolicyContext['objective']): number {
  if (Number.isNaN(value)) return Infinity;
  return objective === 'min' ? value : -value;
}

/** A loss back in the user's units, for reasons shown to them. */
export function valueOfLoss(loss: number, objective: PolicyContext['objective']): number {
  return objective === 'min' ? loss : -loss;
}

export function formatValue(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : String(value);
}

export function findTrial(context: PolicyContext, trialId: number): PolicyTrialView | undefined {
  return context.trials.find((trial) => trial.id === trialId);
}

/**
 * Only a trial with a process (running, or paused in memory) can be told to stop or freeze; a report
 * ingested after it finished, or for a queued or frozen trial, changes nothing.
 */
export function isLive(trial: PolicyTrialView): boolean {
  return trial.state === 'running' || trial.state === 'paused';
}

export function lastStep(trial: PolicyTrialView): number | null {
  return trial.curve.at(-1)?.step ?? null;
}

/** The step reported before the last one; -Infinity when the last report is the first. */
export function previousStep(trial: PolicyTrialView): number {
  return trial.curve.at(-2)?.step ?? -Infinity;
}

/** Whether the trial has reported a step at or past `step`. */
export function hasReached(trial: PolicyTrialView, step: number): boolean {
  const last = lastStep(trial);
  return last !== null && last >= step;
}

/** The first point at or past `step` (binary search: curves are ascending), or null if it has not got there. */
export function firstPointAtOrPast(curve: readonly CurvePoint[], step: number): CurvePoint | null {
  let low = 0;
  let high = curve.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (curve[middle]!.step < step) low = middle + 1;
    else high = middle;
  }
  return curve[low] ?? null;
}

/** The best loss among points at steps <= `step`, or null if there are none. */
export function bestLossUpTo(curve: readonly CurvePoint[], step: number, objective: PolicyContext['objective']): number | null {
  let best: number | null = null;
  for (const point of curve) {
    if (point.step > step) break;
    const loss = lossOf(point.value, objective);
    if (best === null || loss < best) best = loss;
  }
  return best;
}

/** The mean loss over points at steps <= `step` (a running average), or null if there are none. */
export function meanLossUpTo(curve: readonly CurvePoint[], step: number, objective: PolicyContext['objective']): number | null {
  let sum = 0;
  let count = 0;
  for (const point of curve) {
    if (point.step > step) break;
    sum += lossOf(point.value, objective);
    count += 1;
  }
  return count === 0 ? null : sum / count;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Settings checks shared by the factories: a policy with an impossible setting should fail at creation, not mid-run. */
export function requireNumber(name: string, value: number, valid: (value: number) => boolean, expected: string): number {
  if (!Number.isFinite(value) || !valid(value)) throw new RangeError(`policy setting ${name} must be ${expected}, got ${value}`);
  return value;
}
