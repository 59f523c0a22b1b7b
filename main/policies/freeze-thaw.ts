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
 *   forecast median among the others (for a report) or among all (for a thaw). A forecast, not a
 *   point, so the first trials are judged against what the best of them looks like it will reach.
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
 *   finished), against the incumbent, over max steps of cost. With fewer than MIN_TRIALS_FOR_FRESH
 *   trials to go on, a new configuration always wins (there is nothing to thaw against yet).
 * - Only a frozen trial the freeze rule would let run (P(beats the incumbent) >= FREEZE_BELOW) may
 *   be thawed: thawing one it would freeze again spends a slot against its own verdict. Trials
 *   frozen as hopeless come back only if the incumbent or their forecast moves (new peers at max).
 * - When no new configuration may start, the thawable frozen trial with the best expected
 *   improvement per step is thawed while that improvement is positive, so the budget ends on
 *   finished trials rather than on promising ones left frozen.
 * - A trial thawed to some step and frozen before it got there (by the user) is left alone, as ASHA
 *   leaves it; a trial the user resumed with no target is judged like any other running trial.
 */

export const FREEZE_THAW: PolicyName = 'freeze_thaw';

/** Freeze when the chance of beating the incumbent at max falls below this. */
export const FREEZE_BELOW = 0.05;
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
 * Forecasts at resource.max, in loss units, for every live or frozen trial that has reported: what
 * the policy decides on, for the UI to draw over live curves (convert with `bandInObjectiveUnits`).
 */
export function forecastsFor(context: PolicyContext): Map<number, Forecast> {
  const forecasts = new Map<number, Forecast>();
  for (const trial of context.trials) {
    if (trial.curve.length === 0 || !(isLive(trial) || trial.state === 'frozen')) continue;
    forecasts.set(trial.id, forecastTrial(context, trial, peerCurves(context, trial.id)));
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
  readonly describe: string;
}

/**
 * The best loss at max among trials that reached it; else the best forecast median among the
 * trials with curves (but `exclude`); null when there is none. `forecast` supplies (and may reuse)
 * forecasts.
 */
function findIncumbent(context: PolicyContext, exclude: number | null, forecast: (trial: PolicyTrialView) => Forecast): Incumbent | null {
  const shown = (loss: number) => formatValue(valueOfLoss(loss, context.objective));
  let best: { loss: number; trial: PolicyTrialView } | null = null;
  for (const trial of context.trials) {
    if (trial.id === exclude || !reachedMax(trial, context.resource.max)) continue;
    const loss = finalLoss(trial, context);
    if (Number.isFinite(loss) && (best === null || loss < best.loss)) best = { loss, trial };
  }
  if (best !== null) return { loss: best.loss, describe: `trial ${best.trial.number}'s ${shown(best.loss)} at max` };
  for (const trial of context.trials) {
    if (trial.id === exclude || trial.curve.length === 0) continue;
    const loss = forecast(trial).median;
    if (Number.isFinite(loss) && (best === null || loss < best.loss)) best = { loss, trial };
  }
  return best === null ? null : { loss: best.loss, describe: `trial ${best.trial.number}'s forecast ${shown(best.loss)} (none has reached max yet)` };
}

/**
 * E[max(0, incumbent - X)] for X the final loss of a new configuration: a Gaussian kernel density
 * over the trials' final losses (forecast medians for those still going), Silverman's bandwidth.
 * Null with fewer than MIN_TRIALS_FOR_FRESH values.
 */
function freshImprovement(values: readonly number[], incumbent: number): number | null {
  const finite = values.filter(Number.isFinite);
  if (finite.length < MIN_TRIALS_FOR_FRESH) return null;
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  const sd = Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / finite.length);
  const bandwidth = 1.06 * sd * finite.length ** -0.2;
  if (!(bandwidth > 0)) return finite.reduce((sum, value) => sum + Math.max(0, incumbent - value), 0) / finite.length;
  let sum = 0;
  for (const value of finite) {
    const z = (incumbent - value) / bandwidth;
    sum += (incumbent - value) * normalCdf(z) + bandwidth * normalPdf(z);
  }
  return sum / finite.length;
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
      const peers = peerCurves(context, trial.id);
      const incumbent = findIncumbent(context, trial.id, (other) => forecastTrial(context, other, peers));
      if (incumbent === null) return CONTINUE;
      const forecast = forecastTrial(context, trial, peers);
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
      const forecasts = new Map<number, Forecast>();
      const forecastOf = (trial: PolicyTrialView) => {
        let forecast = forecasts.get(trial.id);
        if (forecast === undefined) {
          forecast = forecastTrial(context, trial, peerCurves(context, trial.id));
          forecasts.set(trial.id, forecast);
        }
        return forecast;
      };
      const candidates = context.trials.filter((trial) => {
        const last = lastStep(trial);
        return trial.state === 'frozen' && last !== null && last < max && (trial.untilStep === null || trial.untilStep <= last);
      });
      if (candidates.length === 0) return null;
      const incumbent = findIncumbent(context, null, forecastOf);
      if (incumbent === null) return null;

      let best: { trial: PolicyTrialView; improvement: number; rate: number } | null = null;
      for (const trial of candidates) {
        // A trial the freeze rule would freeze again is not worth a slot, whatever its expected improvement.
        if (forecastOf(trial).probabilityBelow(incumbent.loss) < FREEZE_BELOW) continue;
        const improvement = forecastOf(trial).expectedImprovement(incumbent.loss);
        const rate = improvement / (max - lastStep(trial)!);
        if (best === null || rate > best.rate || (rate === best.rate && trial.number < best.trial.number)) best = { trial, improvement, rate };
      }
      if (best === null || !(best.improvement > 0)) return null;

      const shown = (improvement: number) => formatValue(improvement);
      let why: string;
      if (context.canStartNew === false) {
        why = 'no new configuration may start';
      } else {
        const finals = context.trials
          .filter((trial) => trial.curve.length > 0)
          .map((trial) => (reachedMax(trial, max) ? finalLoss(trial, context) : forecastOf(trial).median));
        const fresh = freshImprovement(finals, incumbent.loss);
        if (fresh === null || !(best.rate > fresh / max)) return null;
        why = `a new configuration's is ${shown(fresh / max)} per step`;
      }
      const last = lastStep(best.trial)!;
      const chunk = Math.max(1, context.resource.min, Math.ceil(THAW_CHUNK_FRACTION * max));
      const untilStep = last + chunk >= max ? max : last + chunk;
      return {
        trialId: best.trial.id,
        untilStep,
        reason: `expected improvement on ${incumbent.describe}: ${shown(best.improvement)} over ${max - last} steps to max (${shown(best.rate)} per step); ${why}`,
      };
    },
    firstStop: () => null,
  };
  return policy;
};

function formatPercent(p: number): string {
  return p > 0 && p < 0.001 ? 'under 0.1%' : `${formatValue(100 * p)}%`;
}
