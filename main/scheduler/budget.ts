import type { Trial } from '../../shared/domain';
import type { ExperimentSpec } from '../../shared/experiment-file';

/** Trials in these states have used up a place in `budget.trials` (a decision was made about them). */
const BUDGETED = new Set<Trial['state']>(['queued', 'running', 'paused', 'frozen', 'completed', 'failed', 'stopped']);

/**
 * How many places of `budget.trials` are used: one per configuration tried. A re-run of the same
 * configuration (a retry, or a re-queue after CUDA ran out of memory) shares its original's place,
 * so a lineage counts once as soon as any of its trials is in a budgeted state.
 */
export function trialsSpent(trials: readonly Trial[]): number {
  const byId = new Map(trials.map((t) => [t.id, t]));
  const rootOf = (trial: Trial): number => {
    let current = trial;
    for (let hops = 0; current.retryOf !== null && hops < 1000; hops++) {
      const parent = byId.get(current.retryOf);
      if (!parent) break;
      current = parent;
    }
    return current.id;
  };
  return new Set(trials.filter((t) => BUDGETED.has(t.state)).map(rootOf)).size;
}

/** Seconds a trial has run so far (its current stretch counted up to `now`). */
function trialSeconds(trial: Trial, now: number): number {
  if (trial.startedAt === null) return 0;
  const end = trial.state === 'running' || trial.state === 'paused' ? now : (trial.endedAt ?? trial.startedAt);
  return Math.max(0, end - trial.startedAt) / 1000;
}

/**
 * The reason the experiment must end now because a time or step budget is spent, or null.
 * `budget.trials` is not checked here: it stops new launches but lets running trials finish.
 */
export function budgetExceeded(spec: ExperimentSpec, trials: readonly Trial[], startedAt: number | null, now: number): string | null {
  const { max_wall_time: wall, max_trial_time: trialTime, max_steps: steps } = spec.budget;
  if (wall !== undefined && startedAt !== null && (now - startedAt) / 1000 >= wall) return `reached budget.max_wall_time (${wall}s)`;
  if (trialTime !== undefined) {
    const total = trials.reduce((sum, t) => sum + trialSeconds(t, now), 0);
    if (total >= trialTime) return `reached budget.max_trial_time (${trialTime}s of trial time)`;
  }
  if (steps !== undefined) {
    const total = trials.reduce((sum, t) => sum + (t.lastStep === null ? 0 : t.lastStep + 1), 0);
    if (total >= steps) return `reached budget.max_steps (${steps} steps)`;
  }
  return null;
}
