import type { Experiment } from './domain';

/**
 * How far an experiment is, measured against whichever of its budgets runs out first.
 *
 * Measured here: `budget.trials` (finished trials: completed, failed and stopped; interrupted ones
 * do not use up the budget, frozen ones can still be thawed) and `budget.max_wall_time` (seconds
 * since it first started, as main/scheduler/budget.ts counts them).
 *
 * Not measured: `budget.max_steps` and `budget.max_trial_time`. Both are sums over the trials
 * (steps reported, seconds run) that the back end computes from the trial records; the Experiment
 * record carries neither sum, only the trial counts, so a client holding just the experiment
 * cannot tell how much of them is spent. When one of them ends an experiment, its `message` says so.
 */

export const PROGRESS_LIMITS = ['budget.trials', 'budget.max_wall_time'] as const;
/** The budget a progress figure is measured against, named as in the experiment file. */
export type ProgressLimit = (typeof PROGRESS_LIMITS)[number];

export interface ExperimentProgress {
  /** Share of the tightest budget used, 0..1. */
  readonly fraction: number;
  /** Used and total, in the unit of `limitedBy`: trials, or seconds for max_wall_time. */
  readonly done: number;
  readonly total: number;
  /** Expected milliseconds left, extrapolated linearly; null unless running and under way. */
  readonly etaMs: number | null;
  readonly limitedBy: ProgressLimit;
}

interface Measure {
  readonly limitedBy: ProgressLimit;
  readonly done: number;
  readonly total: number;
  readonly fraction: number;
}

function clampFraction(done: number, total: number): number {
  if (!(total > 0) || !Number.isFinite(done)) return 0;
  return Math.min(1, Math.max(0, done / total));
}

/** Milliseconds since the experiment first started: to its end once finished, else to `now`. */
export function experimentElapsedMs(experiment: Experiment, now: number): number {
  if (experiment.startedAt === null) return 0;
  const end = experiment.finishedAt ?? now;
  return Math.max(0, end - experiment.startedAt);
}

export function experimentProgress(experiment: Experiment, now: number): ExperimentProgress {
  const { budget } = experiment.spec;
  const { completed, failed, stopped } = experiment.counts;
  const elapsedMs = experimentElapsedMs(experiment, now);

  const finished = completed + failed + stopped;
  const measures: Measure[] = [{ limitedBy: 'budget.trials', done: finished, total: budget.trials, fraction: clampFraction(finished, budget.trials) }];
  if (budget.max_wall_time !== undefined) {
    const seconds = elapsedMs / 1000;
    measures.push({ limitedBy: 'budget.max_wall_time', done: seconds, total: budget.max_wall_time, fraction: clampFraction(seconds, budget.max_wall_time) });
  }
  // The experiment ends at whichever budget runs out first: the one most used up. On a tie the
  // trial count wins, being the figure people set and recognise.
  const tightest = measures.reduce((best, measure) => (measure.fraction > best.fraction ? measure : best));

  const { fraction } = tightest;
  const etaMs = experiment.state === 'running' && fraction > 0 ? (elapsedMs * (1 - fraction)) / fraction : null;
  return { fraction, done: tightest.done, total: tightest.total, etaMs, limitedBy: tightest.limitedBy };
}
