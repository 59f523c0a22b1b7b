import { normalCdf, normalPdf } from '../searchers/gp/special-functions';
import { forecastCurve, type Band, type Forecast } from './curves/forecast';
import type { CurvePoint, Policy, PolicyContext, PolicyFactory, PolicyName, PolicyTrialView } from './policy';
import { CONTINUE, findTrial, firstPointAtOrPast, formatValue, isLive, lastStep, lossOf, valueOfLoss } from './views';

/**
 * Freeze-thaw (Swersky, Snoek & Adams 2014, "Freeze-Thaw Bayesian Optimization"), in spirit: every
 * trial's curve is forecast to resource.max (curves/forecast.ts: a parametric ensemble with a prior
 * from the trials that got there), trials whose forecast has little chance of beating the best are
 * frozen, and a free slot goes to whichever is worth more per step: thawing the frozen trial with
 * the highest expected improvement per remaining step, or a new configuration.
 *
 * Choices:
 * - The incumbent is the best loss at max among trials that reached it; while none has, the best
 *   value any other trial has reported so far (for a report; any trial, for a thaw). Not the best
 *   forecast: a curve with two points has a wide, optimistic forecast, and judging everyone against
 *   it froze nearly every trial before any got to max (bench:policies on the digits table: 1% regret
 *   took a median 1416 steps that way, 608 this way). Curves fall, so the best value so far is a
 *   bar the leaders clear, and it tightens as soon as a trial finishes.
 * - A report at or past resource.min freezes the trial when P(its value at max < incumbent) is
 *   below FREEZE_BELOW; never at or past max. With no incumbent (no other trial has reported) it
 *   continues.
 * - A thaw runs the trial for a chunk (a tenth of max, at least resource.min; to max when closer),
 *   after which the trial freezes again (the scheduler freezes at untilStep on its own, and the
 *   policy says so too) and the next free slot weighs it anew with the steps it added. In between,
 *   a thawed trial is not judged: it was thawed knowing its forecast, and judging it at once would
 *   only freeze it again a step later. This is the paper's "run the chosen curve a little further".
 * - A new configuration's expected improvement is that of a fresh draw from the configurations seen
 *   so far: a kernel density over every trial's final loss (or forecast median, if it has not
 *   finished), against the incumbent. With fewer than MIN_TRIALS_FOR_FRESH trials to go on, a new
 *   configuration always wins (there is nothing to thaw against yet).
 * - Only a frozen trial the freeze rule would let run (P(beats the incumbent) >= FREEZE_BELOW) may
 *   be thawed: thawing one it would freeze again spends a slot against its own verdict. Trials
 *   frozen as hopeless come back only if the incumbent or their forecast moves (new peers at max).
 *   Like the freeze rule, a thaw judges a trial against the others: the trial that holds the
 *   incumbent is weighed against the runner-up, not against itself (which left the leader of a
 *   pool that none had yet run to max with next to no expected improvement, and no thaw).
 * - A new configuration's cost is what it is expected to spend: a screen of a few steps (the mean
 *   last step of the frozen trials) and, with the chance that it beats the incumbent, the rest of
 *   the way to max. The expected improvement per step of that is what a thaw competes with.
 * - The first trials are screened: frozen at their first report at or past resource.min while
 *   fewer than MIN_TRIALS_FOR_FRESH others have reported, so the pool starts with a comparison.
 * - When no new configuration may start, the thawable frozen trial with the best expected
 *   improvement per step is thawed while that improvement is positive, so the budget ends on
 *   finished trials rather than on promising ones left frozen.
 * - A trial thawed to some step and frozen before it got there (by the user) is left alone, as ASHA
 *   leaves it; a trial the user resumed with no target is judged like any other running trial.
 */

export const FREEZE_THAW: PolicyName = 'freeze_thaw';

/**
 * Freeze when the chance of beating the incumbent at max falls below this. Measured on the digits
 * table (8 seeds, 40 trainings of budget; median steps to 1% regret): 0.02 took 947, 0.05 729,
 * 0.1 608, 0.2 over 2000 (too eager: trials were frozen before any reached max).
 */
export const FREEZE_BELOW = 0.1;
/** A thaw runs this share of resource.max before the trial is weighed again. */
export const THAW_CHUNK_FRACTION = 0.1;
/** Fewer trials than this with curves: too little to estimate what a new configuration is worth. */
export const MIN_TRIALS_FOR_FRESH = 3;

/** A trial's curve as losses (lower is better). */
function lossCurve(trial: PolicyTrialView, objective: PolicyContext['objective']): CurvePoint[] {
  return trial.curve.map((point) => ({ step: point.step, value: lossOf(point.value, objective) }));
}

function reachedMax(trial: PolicyTrialView, max: number): boolean {
  const last = lastStep(trial);
  return last !== null && last >= max;
}

/** The loss at max of a trial that got there. */
function finalLoss(trial: PolicyTrialView, context: PolicyContext): number {
  return lossOf(firstPointAtOrPast(trial.curve, context.resource.max)!.value, context.objective);
}

/** Loss curves of the trials that reached max, except `exclude`: the forecasts' shared prior. */
function peerCurves(context: PolicyContext, exclude: number | null): CurvePoint[][] {
  return context.trials
    .filter((trial) => trial.id !== exclude && reachedMax(trial, context.resource.max))
    .map((trial) => lossCurve(trial, context.objective));
}

function forecastTrial(context: PolicyContext, trial: PolicyTrialView, peers: readonly (readonly CurvePoint[])[]): Forecast {
  return forecastCurve(lossCurve(trial, context.objective), context.resource.max, { peers });
}

/**
 * Forecasts are memoised by what they are a function of: the trial's curve, its peers' curves, the
 * objective's direction and max, all by content (views are rewritten in place). Like the fit cache
 * in curves/forecast.ts this changes how fast an answer comes, never what it is: without it every
 * decision re-forecast every frozen trial's unchanged curve, and a run of a few hundred trials spent
 * minutes in quantile bisections. Bounded, oldest evicted first.
 */
const FORECAST_CACHE_SIZE = 4096;
const forecastCache = new Map<string, Forecast>();

function curveKey(curve: readonly CurvePoint[]): string {
  let key = '';
  for (const point of curve) key += `${point.step}:${point.value},`;
  return key;
}

/** One decision's view of the forecasts: the peers (trials at max) are read once, forecasts at most once per trial. */
function memoisedForecasts(context: PolicyContext): (trial: PolicyTrialView) => Forecast {
  const peerTrials = context.trials.filter((trial) => reachedMax(trial, context.resource.max));
  const peers = peerTrials.map((trial) => lossCurve(trial, context.objective));
  const prefix = `${context.objective}|${context.resource.max}|${peers.map(curveKey).join(';')}|`;
  const forecasts = new Map<number, Forecast>();
  return (trial) => {
    let forecast = forecasts.get(trial.id);
    if (forecast !== undefined) return forecast;
    // A trial's own curve is never its peer: for one at max the forecast is what it observed.
    const own = peerTrials.includes(trial);
    const key = own ? `own|${context.objective}|${context.resource.max}|${curveKey(trial.curve)}` : prefix + curveKey(trial.curve);
    forecast = forecastCache.get(key);
    if (forecast === undefined) {
      forecast = forecastTrial(context, trial, own ? peerCurves(context, trial.id) : peers);
      if (forecastCache.size >= FORECAST_CACHE_SIZE) forecastCache.delete(forecastCache.keys().next().value!);
      forecastCache.set(key, forecast);
    }
    forecasts.set(trial.id, forecast);
    return forecast;
  };
}

/**
 * Forecasts at resource.max, in loss units, for every live or frozen trial that has reported: what
 * the policy decides on, for the UI to draw over live curves (convert with `bandInObjectiveUnits`).
 */
export function forecastsFor(context: PolicyContext): Map<number, Forecast> {
  const forecasts = new Map<number, Forecast>();
  const forecastOf = memoisedForecasts(context);
  for (const trial of context.trials) {
    if (trial.curve.length === 0 || !(isLive(trial) || trial.state === 'frozen')) continue;
    forecasts.set(trial.id, forecastOf(trial));
  }
  return forecasts;
}

/** A band in loss units back in the user's units (maximising swaps low and high). */
export function bandInObjectiveUnits(band: Band, objective: PolicyContext['objective']): Band {
  const low = valueOfLoss(band.low, objective);
  const high = valueOfLoss(band.high, objective);
  return { median: valueOfLoss(band.median, objective), low: Math.min(low, high), high: Math.max(low, high) };
}

interface Incumbent {
  readonly loss: number;
  readonly trialId: number;
  readonly describe: string;
}

/** The best loss at max among trials that reached it; else the best loss so far among the trials with curves (but `exclude`); null when there is none. */
function findIncumbent(context: PolicyContext, exclude: number | null): Incumbent | null {
  const shown = (loss: number) => formatValue(valueOfLoss(loss, context.objective));
  let best: { loss: number; trial: PolicyTrialView } | null = null;
  for (const trial of context.trials) {
    if (trial.id === exclude || !reachedMax(trial, context.resource.max)) continue;
    const loss = finalLoss(trial, context);
    if (Number.isFinite(loss) && (best === null || loss < best.loss)) best = { loss, trial };
  }
  if (best !== null) return { loss: best.loss, trialId: best.trial.id, describe: `trial ${best.trial.number}'s ${shown(best.loss)} at max` };
  for (const trial of context.trials) {
    if (trial.id === exclude || trial.curve.length === 0) continue;
    const loss = Math.min(...lossCurve(trial, context.objective).map((point) => point.value));
    if (Number.isFinite(loss) && (best === null || loss < best.loss)) best = { loss, trial };
  }
  return best === null ? null : { loss: best.loss, trialId: best.trial.id, describe: `trial ${best.trial.number}'s best so far, ${shown(best.loss)} (none has reached max yet)` };
}

/** What a new configuration is worth: its expected improvement on the incumbent, and the chance that it improves at all. */
interface FreshDraw {
  readonly improvement: number;
  readonly chance: number;
}

/**
 * E[max(0, incumbent - X)] and P(X < incumbent) for X the final loss of a new configuration: a
 * Gaussian kernel density over the trials' final losses (forecast medians for those still going),
 * Silverman's bandwidth. Null with fewer than MIN_TRIALS_FOR_FRESH values.
 */
function freshDraw(values: readonly number[], incumbent: number): FreshDraw | null {
  const finite = values.filter(Number.isFinite);
  if (finite.length < MIN_TRIALS_FOR_FRESH) return null;
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  const sd = Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / finite.length);
  const bandwidth = 1.06 * sd * finite.length ** -0.2;
  let improvement = 0;
  let chance = 0;
  for (const value of finite) {
    if (!(bandwidth > 0)) {
      improvement += Math.max(0, incumbent - value);
      chance += value < incumbent ? 1 : 0;
      continue;
    }
    const z = (incumbent - value) / bandwidth;
    improvement += (incumbent - value) * normalCdf(z) + bandwidth * normalPdf(z);
    chance += normalCdf(z);
  }
  return { improvement: improvement / finite.length, chance: chance / finite.length };
}

interface Candidate {
  readonly trial: PolicyTrialView;
  /** What it was judged against: the incumbent, or for the incumbent's own trial the best of the others. */
  readonly bar: Incumbent;
  readonly improvement: number;
  /** Expected improvement per step still to run to max. */
  readonly rate: number;
}

/**
 * The frozen trial (but `exclude`) with the best expected improvement per remaining step, among
 * those the freeze rule would let run, or null when none has a positive one. A trial thawed to
 * some step and frozen short of it is left for the user.
 */
function bestThawable(context: PolicyContext, exclude: number | null, incumbent: Incumbent, forecastOf: (trial: PolicyTrialView) => Forecast): Candidate | null {
  const max = context.resource.max;
  const runnerUp = findIncumbent(context, incumbent.trialId);
  let best: Candidate | null = null;
  for (const trial of context.trials) {
    const last = lastStep(trial);
    if (trial.id === exclude || trial.state !== 'frozen' || last === null || last >= max) continue;
    if (trial.untilStep !== null && trial.untilStep > last) continue;
    const forecast = forecastOf(trial);
    // Judged, as the freeze rule judges it, against the best of the others.
    const bar = trial.id === incumbent.trialId ? (runnerUp ?? incumbent) : incumbent;
    // A trial the freeze rule would freeze again is not worth a slot, whatever its expected improvement.
    if (forecast.probabilityBelow(bar.loss) < FREEZE_BELOW) continue;
    const improvement = forecast.expectedImprovement(bar.loss);
    const rate = improvement / (max - last);
    if (best === null || rate > best.rate || (rate === best.rate && trial.number < best.trial.number)) best = { trial, bar, improvement, rate };
  }
  return best === null || !(best.improvement > 0) ? null : best;
}

/**
 * The steps a configuration that does not make it costs before it is frozen: the mean last step of
 * the frozen trials, with resource.min counted once as a prior (the cheapest a screen can be).
 */
function screeningCost(context: PolicyContext): number {
  let sum = Math.max(1, context.resource.min);
  let count = 1;
  for (const trial of context.trials) {
    const last = lastStep(trial);
    if (trial.state !== 'frozen' || last === null || last >= context.resource.max) continue;
    sum += last;
    count += 1;
  }
  return sum / count;
}

/**
 * A new configuration's expected improvement per step it is expected to cost, or null with too few
 * trials to say. A draw that will not beat the incumbent is frozen after a screen of a few steps;
 * only one that will runs to max. Charging every draw max steps (as this did before) priced new
 * configurations as if nothing were ever frozen, so the pool was thawed instead of widened:
 * bench:policies on LCBench 3945, one trial at a time, took a median 287 steps to 1% regret that way.
 */
function freshRate(context: PolicyContext, incumbent: Incumbent, forecastOf: (trial: PolicyTrialView) => Forecast): number | null {
  const max = context.resource.max;
  const finals = context.trials
    .filter((trial) => trial.curve.length > 0)
    .map((trial) => (reachedMax(trial, max) ? finalLoss(trial, context) : forecastOf(trial).median));
  const fresh = freshDraw(finals, incumbent.loss);
  if (fresh === null) return null;
  const screen = Math.min(max, screeningCost(context));
  return fresh.improvement / (screen + fresh.chance * (max - screen));
}

/**
 * The trial's first report at or past resource.min, while fewer than MIN_TRIALS_FOR_FRESH other
 * trials have reported. With nothing to compare against, the first trial used to run to max
 * unjudged, and one at a time that was 50 steps on whatever configuration came first; frozen after
 * a step, the first few are weighed against each other and the best is thawed (bench:policies,
 * LCBench 3945, one trial at a time: 287 steps to 1% regret before, 173 after).
 */
function isScreen(context: PolicyContext, trial: PolicyTrialView): boolean {
  if (trial.curve.filter((point) => point.step >= context.resource.min).length !== 1) return false;
  return context.trials.filter((other) => other.id !== trial.id && other.curve.length > 0).length < MIN_TRIALS_FOR_FRESH;
}

export const createFreezeThawPolicy: PolicyFactory = () => {
  const policy: Policy = {
    name: FREEZE_THAW,
    onReport(context, trialId) {
      const trial = findTrial(context, trialId);
      if (!trial || !isLive(trial)) return CONTINUE;
      const step = lastStep(trial);
      const max = context.resource.max;
      if (step === null || step >= max || step < context.resource.min) return CONTINUE;
      if (trial.untilStep !== null) {
        return step >= trial.untilStep ? { kind: 'freeze', reason: `reached step ${step}, the step it was thawed to (${trial.untilStep})` } : CONTINUE;
      }
      if (isScreen(context, trial)) {
        return { kind: 'freeze', reason: `screened at step ${step}: fewer than ${MIN_TRIALS_FOR_FRESH} other trials have reported, so the first ones are compared with each other before any runs on` };
      }
      const forecastOf = memoisedForecasts(context);
      const incumbent = findIncumbent(context, trial.id);
      if (incumbent === null) return CONTINUE;
      const forecast = forecastOf(trial);
      const chance = forecast.probabilityBelow(incumbent.loss);
      if (chance >= FREEZE_BELOW) return CONTINUE;
      const band = bandInObjectiveUnits(forecast, context.objective);
      return {
        kind: 'freeze',
        reason:
          `forecast at step ${max}: ${formatValue(band.median)} (80% band ${formatValue(band.low)} to ${formatValue(band.high)}); ` +
          `a ${formatPercent(chance)} chance of beating ${incumbent.describe}, below ${formatPercent(FREEZE_BELOW)}`,
      };
    },
    nextThaw(context) {
      const max = context.resource.max;
      const forecastOf = memoisedForecasts(context);
      const incumbent = findIncumbent(context, null);
      if (incumbent === null) return null;
      const best = bestThawable(context, null, incumbent, forecastOf);
      if (best === null) return null;
      let why: string;
      if (context.canStartNew === false) {
        why = 'no new configuration may start';
      } else {
        const fresh = freshRate(context, incumbent, forecastOf);
        if (fresh === null || !(best.rate > fresh)) return null;
        why = `a new configuration's is ${formatValue(fresh)} per step`;
      }
      const last = lastStep(best.trial)!;
      const chunk = Math.max(1, context.resource.min, Math.ceil(THAW_CHUNK_FRACTION * max));
      const untilStep = last + chunk >= max ? max : last + chunk;
      return {
        trialId: best.trial.id,
        untilStep,
        reason: `expected improvement on ${best.bar.describe}: ${formatValue(best.improvement)} over ${max - last} steps to max (${formatValue(best.rate)} per step); ${why}`,
      };
    },
    firstStop: () => null,
  };
  return policy;
};

function formatPercent(p: number): string {
  return p > 0 && p < 0.001 ? 'under 0.1%' : `${formatValue(100 * p)}%`;
}
