import type { Policy, PolicyFactory } from './policy';
import { bestPromotion, decideReport, readEta, readVariant, rungLadder } from './successive-halving';

/**
 * ASHA (Li et al. 2020, "A System for Massively Parallel Hyperparameter Tuning"): one ladder of
 * rungs at resource.min·eta^k below max, every trial judged against every other. See
 * successive-halving.ts for the rung value, the top-1/eta rule and its ties.
 *
 * - `stopping` (default; what Ray Tune's and Optuna's ASHA do): trials run to max unless they fall
 *   out of the top 1/eta at a rung they reach. Needs no checkpoints.
 * - `promotion` (the paper's): every trial freezes at its first rung; when a slot frees the best
 *   promotable frozen trial is thawed to the next rung, and when none is promotable a new
 *   configuration starts. Needs a script that resumes from its checkpoint.
 */
export const createAshaPolicy: PolicyFactory = (settings) => {
  const eta = readEta(settings);
  const variant = readVariant(settings);
  const policy: Policy = {
    name: 'asha',
    onReport: (context, trialId) => decideReport(context, trialId, variant, eta, () => ({ group: context.trials, rungs: rungLadder(context.resource, eta) })),
    nextThaw(context) {
      if (variant !== 'promotion') return null;
      const promotion = bestPromotion(context, context.trials, rungLadder(context.resource, eta), eta);
      return promotion && { trialId: promotion.trial.id, untilStep: promotion.untilStep, reason: promotion.reason };
    },
    firstStop: (context) => (variant === 'promotion' ? (rungLadder(context.resource, eta)[0] ?? null) : null),
  };
  return policy;
};
