import type { PolicyContext, PolicyDecision, PolicySettings, PolicyTrialView } from './policy';
import { CONTINUE, findTrial, firstPointAtOrPast, formatValue, isLive, lastStep, lossOf, previousStep, requireNumber } from './views';

/**
 * Asynchronous successive halving (Li et al. 2020, "A System for Massively Parallel Hyperparameter
 * Tuning", MLSys; ASHA), the engine of both `asha` (one bracket) and `hyperband` (several). The
 * functions here work on one group of trials sharing one ladder of rungs; the policies choose the
 * groups.
 *
 * Choices, used the same way everywhere:
 * - A trial's value at a rung is the value it reported at the first step at or past the rung: what
 *   it had when it got there, as Ray Tune's and Optuna's ASHA record it. That value never changes
 *   once the trial is past the rung, so a decision replayed from the stored curve sees what the
 *   original saw, and a trial that reports sparsely (every 5 steps) still has a value at each rung it
 *   passed. Not the best-so-far: that rewards noisy spikes, and the paper compares losses at the
 *   rung's resource.
 * - The top 1/eta of n results at a rung are the best floor(n/eta) of them (Li et al.). Ties at the
 *   cutoff are all in: a trial whose value equals the floor(n/eta)-th best is kept (stopping) or may
 *   be promoted, so equal results never get split by arrival order. With fewer than eta results
 *   floor(n/eta) is 0: there is nothing to judge yet, so the stopping variant continues and the
 *   promotion variant promotes nobody (it starts a new configuration instead, as in the paper).
 * - Values are compared as losses (NaN worst; see `lossOf`).
 */

export const DEFAULT_ETA = 3;
/** A ladder longer than this would need eta^64 more resource than min: only a bogus max gets here. */
const MAX_RUNGS = 64;

export type Variant = NonNullable<PolicySettings['variant']>;
/** The stopping variant needs no checkpoints, so it works with any training script: the safer default. */
export const DEFAULT_VARIANT: Variant = 'stopping';

export function readEta(settings: PolicySettings): number {
  return requireNumber('eta', settings.eta ?? DEFAULT_ETA, (eta) => eta > 1, 'a number > 1');
}

export function readVariant(settings: PolicySettings): Variant {
  const variant = settings.variant ?? DEFAULT_VARIANT;
  if (variant !== 'stopping' && variant !== 'promotion') throw new RangeError(`policy setting variant must be 'stopping' or 'promotion', got ${String(variant)}`);
  return variant;
}

/**
 * Rungs at min·eta^k for k = 0, 1, ... strictly below max (a trial at max is done, not judged).
 * Steps are whole numbers when min is, so with a fractional eta the rungs are rounded up to a
 * whole step (and duplicates dropped); the tiny tolerance keeps 3·3·3 from becoming 28 through
 * floating-point error. A non-positive min is read as 1 step: a rung at step 0 would judge trials
 * before they had run.
 */
export function rungLadder(resource: PolicyContext['resource'], eta: number): number[] {
  const start = resource.min > 0 ? resource.min : 1;
  const rungs: number[] = [];
  for (let k = 0; k < MAX_RUNGS; k++) {
    const exact = start * eta ** k;
    const rung = Number.isInteger(start) ? Math.ceil(exact * (1 - 1e-12)) : exact;
    if (!(rung < resource.max)) break;
    if (rungs.length === 0 || rung > rungs.at(-1)!) rungs.push(rung);
  }
  return rungs;
}

/** The trial's loss at a rung (see the choices above), or null if it has not reached the rung. */
export function rungLoss(trial: PolicyTrialView, rung: number, objective: PolicyContext['objective']): number | null {
  const point = firstPointAtOrPast(trial.curve, rung);
  return point === null ? null : lossOf(point.value, objective);
}

/** How many of n results at a rung make its top 1/eta. The epsilon keeps 6/3 from flooring to 1. */
export function topCount(results: number, eta: number): number {
  return Math.floor(results / eta + 1e-9);
}

interface RungEntry {
  readonly trial: PolicyTrialView;
  readonly loss: number;
}

/** Everyone in the group that reached the rung, best first; equal losses by trial number (older first). */
function rungEntries(group: readonly PolicyTrialView[], rung: number, objective: PolicyContext['objective']): RungEntry[] {
  const entries: RungEntry[] = [];
  for (const trial of group) {
    const loss = rungLoss(trial, rung, objective);
    if (loss !== null) entries.push({ trial, loss });
  }
  return entries.sort((a, b) => a.loss - b.loss || a.trial.number - b.trial.number);
}

/**
 * Stopping variant. A report judges the trial at every rung it has just reached, the ones between
 * its previous step (exclusive) and this one (inclusive): each rung once, and which rungs are new is
 * read from the curve, so a rebuilt policy knows without bookkeeping. It is compared with everyone in
 * its group that has reached that rung (itself included, finished trials too) and stopped unless it
 * is in the top 1/eta there.
 */
export function judgeAtNewRungs(
  context: PolicyContext,
  trial: PolicyTrialView,
  group: readonly PolicyTrialView[],
  rungs: readonly number[],
  eta: number,
): PolicyDecision {
  const step = lastStep(trial);
  if (step === null || step >= context.resource.max) return CONTINUE;
  const previous = previousStep(trial);
  for (const rung of rungs) {
    if (rung <= previous || rung > step) continue;
    const own = rungLoss(trial, rung, context.objective)!;
    const entries = rungEntries(group, rung, context.objective);
    const keep = topCount(entries.length, eta);
    if (keep === 0) continue;
    const cutoff = entries[keep - 1]!.loss;
    if (own > cutoff) {
      const shown = (loss: number) => formatValue(context.objective === 'min' ? loss : -loss);
      return {
        kind: 'stop',
        reason: `rung ${rung}: ${shown(own)} is not in the top 1/${eta} (the best ${keep} of ${entries.length} trials there, cutoff ${shown(cutoff)})`,
      };
    }
  }
  return CONTINUE;
}

/**
 * Promotion variant. A trial freezes once it reports at or past the step it is headed for: its
 * `untilStep` when it was thawed with one (which is also the scheduler's own freeze-at step, so
 * either may act first). A trial with no untilStep was never promoted: it freezes on the report that
 * first crosses its first rung. Only on that crossing, so a trial the user thawed without a target
 * (resume) runs on instead of freezing again at once. Never at or past max: it is done there.
 */
export function freezeAtTarget(context: PolicyContext, trial: PolicyTrialView, rungs: readonly number[]): PolicyDecision {
  const step = lastStep(trial);
  if (step === null || step >= context.resource.max) return CONTINUE;
  if (trial.untilStep !== null) {
    return step >= trial.untilStep ? { kind: 'freeze', reason: `reached step ${step}, the rung it was promoted to (${trial.untilStep})` } : CONTINUE;
  }
  const first = rungs[0];
  if (first === undefined || !(previousStep(trial) < first && first <= step)) return CONTINUE;
  return { kind: 'freeze', reason: `reached its first rung (${first}) at step ${step}` };
}

export interface Promotion {
  readonly trial: PolicyTrialView;
  readonly rung: number;
  readonly untilStep: number;
  readonly reason: string;
}

/**
 * The best frozen trial to promote in one group, or null. Rungs are scanned from the top down (a
 * trial close to max is worth more than one at the bottom, and finishing them is what produces
 * results); at each, the candidates are the top 1/eta of everyone in the group who reached it, and
 * the first candidate that can be promoted from it wins (best value; ties by trial number). It is
 * promoted to the next rung, or to max from the top rung.
 *
 * Promotable from rung r: frozen (never a finished trial), its highest rung is r (last step >= r
 * and below the next rung, so a trial is promoted from where it stands, once), and not already
 * promoted past r: a trial thawed to some untilStep and frozen again before it got there (by the
 * user, or the experiment freezing) has an untilStep past its last step, and is left for the user.
 *
 * When no new configuration may start (`context.canStartNew` false) the best result at a rung counts
 * as its top 1/eta even with fewer than eta results, so the experiment finishes its best trials
 * instead of ending with all of them frozen.
 */
export function bestPromotion(context: PolicyContext, group: readonly PolicyTrialView[], rungs: readonly number[], eta: number): Promotion | null {
  const max = context.resource.max;
  const finishing = context.canStartNew === false;
  for (let index = rungs.length - 1; index >= 0; index--) {
    const rung = rungs[index]!;
    const next = rungs[index + 1] ?? max;
    const entries = rungEntries(group, rung, context.objective);
    if (entries.length === 0) continue;
    // Finishing (no new configuration may start): no more results will come to make up eta, so
    // the best there goes on, as synchronous successive halving keeps its best one.
    const keep = finishing ? Math.max(1, topCount(entries.length, eta)) : topCount(entries.length, eta);
    if (keep === 0) continue;
    const cutoff = entries[keep - 1]!.loss;
    for (const [rank, entry] of entries.entries()) {
      if (entry.loss > cutoff) break;
      const trial = entry.trial;
      const last = lastStep(trial);
      if (trial.state !== 'frozen' || last === null || last < rung || last >= next || last >= max) continue;
      if (trial.untilStep !== null && trial.untilStep > last) continue;
      return {
        trial,
        rung,
        untilStep: next,
        reason: !finishing || topCount(entries.length, eta) > 0
          ? `promoted from rung ${rung} to step ${next}: ${ordinal(rank + 1)} of ${entries.length} there, in the top 1/${eta}`
          : `promoted from rung ${rung} to step ${next}: the best of ${entries.length} there, finishing (no new trials may start)`,
      };
    }
  }
  return null;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** The decision for a report, given the trial's group and ladder; the shared front half of both policies. */
export function decideReport(
  context: PolicyContext,
  trialId: number,
  variant: Variant,
  eta: number,
  placement: (trial: PolicyTrialView) => { group: readonly PolicyTrialView[]; rungs: readonly number[] },
): PolicyDecision {
  const trial = findTrial(context, trialId);
  if (!trial || !isLive(trial)) return CONTINUE;
  const { group, rungs } = placement(trial);
  return variant === 'stopping' ? judgeAtNewRungs(context, trial, group, rungs, eta) : freezeAtTarget(context, trial, rungs);
}
