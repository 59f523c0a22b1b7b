import type { Policy, PolicyContext, PolicyFactory } from './policy';
import {
  bestLossUpTo,
  CONTINUE,
  findTrial,
  formatValue,
  hasReached,
  isLive,
  lastStep,
  meanLossUpTo,
  median,
  requireNumber,
  valueOfLoss,
} from './views';

export const DEFAULT_MIN_TRIALS = 3;
/** Share of resource.max before which the median rule never stops (see `medianWarmup`). */
export const DEFAULT_WARMUP_FRACTION = 0.05;

/**
 * The step from which the median rule may stop a trial. By default the larger of resource.min (the
 * least any policy lets a trial run, so `min` means the same thing for every policy) and 5% of max
 * rounded up, and never below step 1: the first few steps of most curves say little about the end,
 * and Vizier's rule judges only after "some" progress. An explicit `warmup_steps` wins.
 */
export function medianWarmup(resource: PolicyContext['resource'], warmupSteps: number | undefined): number {
  if (warmupSteps !== undefined) return warmupSteps;
  return Math.max(1, resource.min, Math.ceil(DEFAULT_WARMUP_FRACTION * resource.max));
}

/**
 * Google Vizier's median stopping rule (Golovin et al. 2017, "Google Vizier: A Service for Black-Box
 * Optimization", section 3.2.2): stop trial t at step s if its best objective so far is strictly worse
 * than the median of the other trials' running averages up to s.
 *
 * Which others count: every trial (whatever its state: a stopped or failed trial's curve is evidence
 * too) that has reported a step at or past s, its running average being the mean of its values at
 * steps <= s. Vizier uses completed trials only; counting every trial that got as far lets the rule
 * work while the first trials are still running, and `min_trials` keeps it from judging on too few.
 * A tie with the median continues (strictly worse, as in the paper); the median of an even count is
 * the mean of the middle two. It never stops a trial at or after max: it is done there.
 */
export const createMedianPolicy: PolicyFactory = (settings) => {
  const minTrials = requireNumber('min_trials', settings.min_trials ?? DEFAULT_MIN_TRIALS, (n) => Number.isInteger(n) && n >= 1, 'a whole number >= 1');
  const warmupSteps =
    settings.warmup_steps === undefined ? undefined : requireNumber('warmup_steps', settings.warmup_steps, (n) => n >= 0, 'a number >= 0');

  const policy: Policy = {
    name: 'median',
    onReport(context, trialId) {
      const trial = findTrial(context, trialId);
      if (!trial || !isLive(trial)) return CONTINUE;
      const step = lastStep(trial);
      if (step === null || step >= context.resource.max || step < medianWarmup(context.resource, warmupSteps)) return CONTINUE;
      const averages: number[] = [];
      for (const other of context.trials) {
        if (other.id === trial.id || !hasReached(other, step)) continue;
        const average = meanLossUpTo(other.curve, step, context.objective);
        // A trial whose first report is already past s has no running average at s.
        if (average !== null) averages.push(average);
      }
      if (averages.length < minTrials) return CONTINUE;
      const best = bestLossUpTo(trial.curve, step, context.objective)!;
      const middle = median(averages);
      if (!(best > middle)) return CONTINUE;
      const shown = (loss: number) => formatValue(valueOfLoss(loss, context.objective));
      return {
        kind: 'stop',
        reason: `median rule at step ${step}: best so far ${shown(best)} is worse than the median ${shown(middle)} of ${averages.length} other trials' running averages`,
      };
    },
    nextThaw: () => null,
    firstStop: () => null,
  };
  return policy;
};
