import { createRng } from '../searchers/rng';
import type { Policy, PolicyContext, PolicyFactory, PolicySettings, PolicyTrialView } from './policy';
import { bestPromotion, decideReport, readEta, readVariant, rungLadder, type Promotion } from './successive-halving';
import { requireNumber } from './views';

/**
 * Hyperband (Li et al. 2018, "Hyperband: A Novel Bandit-Based Approach to Hyperparameter
 * Optimization", JMLR) run asynchronously as brackets of ASHA, as Li et al. 2020 and Syne Tune's
 * HyperbandScheduler do: bracket b starts its trials at min_b = min·eta^b, so its rungs are the ASHA
 * ladder without its b lowest rungs, and a trial is compared only with trials of its own bracket.
 * The brackets hedge against low-resource results that mislead: a trial in a high bracket gets more
 * resource before it is first judged.
 */

/**
 * Mixed into the bracket draw so it is not the same number the random searcher draws for the trial's
 * first parameter from (seed, trial number): that would tie the bracket to the parameter's value.
 */
const BRACKET_SALT = 0x48425244;

/** With S rungs below max there are S brackets with a rung (the default) and one more that runs to max. */
export function bracketCount(settings: Pick<PolicySettings, 'brackets'>, rungs: number): number {
  const possible = rungs + 1;
  const wanted = settings.brackets ?? Math.max(1, rungs);
  return Math.min(wanted, possible);
}

/**
 * Share of new trials each bracket gets: proportional to the number of configurations Li et al.
 * start in bracket s = S - b of synchronous Hyperband, n_s = (S+1)/(s+1)·eta^s, so the aggressive
 * brackets get many cheap trials and the conservative ones a few expensive ones, as in the paper
 * (Syne Tune samples its brackets the same way). Round-robin would instead give the conservative
 * brackets as many trials as the aggressive ones, and most of the resource.
 */
export function bracketWeights(count: number, rungs: number, eta: number): number[] {
  return Array.from({ length: count }, (_, b) => ((rungs + 1) / (rungs - b + 1)) * eta ** (rungs - b));
}

/**
 * A trial's bracket: a draw from (seed, trial number) alone, weighted by `bracketWeights`. A seeded
 * hash rather than a counter, so the bracket of trial 17 does not depend on which trials came
 * before it (retries, trials deleted or never launched), and a restarted app assigns the same ones.
 */
export function bracketOf(seed: number, trialNumber: number, weights: readonly number[]): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let draw = createRng(seed, trialNumber, BRACKET_SALT).next() * total;
  for (const [bracket, weight] of weights.entries()) {
    draw -= weight;
    if (draw < 0) return bracket;
  }
  return weights.length - 1;
}

interface Layout {
  readonly ladder: readonly number[];
  readonly weights: readonly number[];
}

export const createHyperbandPolicy: PolicyFactory = (settings) => {
  const eta = readEta(settings);
  const variant = readVariant(settings);
  if (settings.brackets !== undefined) requireNumber('brackets', settings.brackets, (n) => Number.isInteger(n) && n >= 1, 'a whole number >= 1');
  const seed = settings.seed;

  // Derived from the context each call (not cached): resource is part of what a restarted policy is given.
  const layout = (context: PolicyContext): Layout => {
    const ladder = rungLadder(context.resource, eta);
    return { ladder, weights: bracketWeights(bracketCount(settings, ladder.length), ladder.length, eta) };
  };
  const bracket = (number: number, { weights }: Layout) => bracketOf(seed, number, weights);
  const groups = (context: PolicyContext, at: Layout): PolicyTrialView[][] => {
    const byBracket = at.weights.map((): PolicyTrialView[] => []);
    for (const trial of context.trials) byBracket[bracket(trial.number, at)]!.push(trial);
    return byBracket;
  };

  const policy: Policy = {
    name: 'hyperband',
    onReport(context, trialId) {
      const at = layout(context);
      return decideReport(context, trialId, variant, eta, (trial) => {
        const b = bracket(trial.number, at);
        return { group: groups(context, at)[b]!, rungs: at.ladder.slice(b) };
      });
    },
    nextThaw(context) {
      if (variant !== 'promotion') return null;
      const at = layout(context);
      // The highest rung across brackets wins, as within one; an equal rung goes to the lower bracket.
      let best: Promotion | null = null;
      for (const [b, group] of groups(context, at).entries()) {
        const promotion = bestPromotion(context, group, at.ladder.slice(b), eta);
        if (promotion && (best === null || promotion.rung > best.rung)) best = promotion;
      }
      return best && { trialId: best.trial.id, untilStep: best.untilStep, reason: `${best.reason} (bracket ${bracket(best.trial.number, at)})` };
    },
    firstStop(context, trialNumber) {
      if (variant !== 'promotion') return null;
      const at = layout(context);
      return at.ladder[bracket(trialNumber, at)] ?? null;
    },
  };
  return policy;
};
