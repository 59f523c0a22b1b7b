import type { Trial } from '../../shared/domain';
import { firstPointAtOrPast } from '../policies/views';
import type { CurvePoint } from '../policies/policy';
import type { TrialView } from '../searchers/searcher';

/**
 * How many trials must share a step before the searcher models values at that step: TPE's and
 * the GP's start-up counts are at most this, so the model has what it needs to leave random search.
 */
export const MIN_OBSERVATIONS_AT_FIDELITY = 10;

export interface FidelityHistory {
  readonly history: TrialView[];
  /** The step every value in `history` was taken at; null when values are final results. */
  readonly step: number | null;
}

/**
 * What the searcher learns from. Without a resource (no promotion, no stopping) it is each
 * completed trial's final value. With one, trials end frozen or stopped at many different steps
 * and only a few reach `resource.max`; learning from those few alone leaves a model-based searcher
 * drawing what random search draws. As in BOHB (Falkner et al. 2018), the values are then taken at
 * the highest step that at least MIN_OBSERVATIONS_AT_FIDELITY trials reached, so they compare
 * like with like, and trials that stopped short of it give no value (they are neither good nor bad
 * evidence there). Pure: the same trials and curves give the same history after a restart.
 *
 * A trial a stopping policy ended early is completed, but its value is the objective at the step
 * it was stopped at: it counts as having reached that step, never max, so its value reaches the
 * searcher only at a step it reached and is never mixed with the final values of trials that ran
 * their course.
 */
export function searcherHistory(trials: readonly Trial[], curves: ReadonlyMap<number, readonly CurvePoint[]>, resource: { readonly max: number } | null): FidelityHistory {
  const finalOnly = (): FidelityHistory => ({
    history: trials.map((trial) => ({ number: trial.number, params: trial.params, state: trial.state, value: ranItsCourse(trial) ? trial.value : null })),
    step: null,
  });
  if (!resource) return finalOnly();
  // A trial that ran its course counts as having reached max even if it reported less.
  const reach = (trial: Trial): number => (ranItsCourse(trial) ? resource.max : Math.min(curves.get(trial.id)?.at(-1)?.step ?? 0, resource.max));
  const step = fidelityStep(trials.map(reach));
  if (step === null || step >= resource.max) return finalOnly();
  return {
    history: trials.map((trial) => {
      const point = firstPointAtOrPast(curves.get(trial.id) ?? [], step);
      // A trial that ran its course but reported only its final value is judged by it.
      const atStep = point?.value ?? (ranItsCourse(trial) ? trial.value : null);
      return { number: trial.number, params: trial.params, state: trial.state, value: atStep };
    }),
    step,
  };
}

/** Completed and not ended early by a stopping policy: its value is a final result. */
function ranItsCourse(trial: Trial): boolean {
  return trial.state === 'completed' && !trial.stoppedEarly;
}

/** The highest step at least MIN_OBSERVATIONS_AT_FIDELITY trials reached; null when none has been reached by that many. */
export function fidelityStep(reached: readonly number[]): number | null {
  const sorted = reached.filter((step) => step > 0).sort((a, b) => b - a);
  return sorted[MIN_OBSERVATIONS_AT_FIDELITY - 1] ?? null;
}
