import type { CurvePoint } from '../policy';
import { firstPointAtOrPast, median } from '../views';
import { FAMILIES, fitFamily, type FamilyFit, type FamilyName, type NormalisedCurve } from './families';
import { normalPdf } from '../../searchers/gp/special-functions';
import { cdf, DIVERGED, expectedImprovement, normalise, quantile, type Mixture, type NormalComponent } from './mixture';

/**
 * Learning-curve forecasts: where a trial's loss will be at a later step, with an honest band.
 * Pure and deterministic: the same curve and peers give the same forecast, bit for bit.
 *
 * Values are losses (lower is better; convert with `lossOf` first). The forecast at step T is a
 * mixture of normals (mixture.ts) built from:
 *
 * 1. The ensemble (families.ts): each family fitted to the curve, weighted by its BIC
 *    (Domhan et al. weight by MCMC over all of them; BIC weights are the cheap large-sample
 *    version), each contributing N(f(T), linearised parameter variance + residual noise +
 *    (κ·(f(S) - f(T)))²). The last term says the drop still to come, from the last observed step S
 *    to T, is itself uncertain by a fraction κ: every family is a guess at the curve's shape, and
 *    the fitted parameter variance knows nothing about a wrong shape.
 * 2. A prior shared across trials: how much trials that did reach T went on to improve after S
 *    (`peers`, their curves). Each peer's ratio value(T)/value(S) (or difference, when losses are
 *    not all positive) applied to this trial's last value, smoothed by a kernel (in log space for
 *    ratios, so a loss that cannot go below 0 is not forecast there). Beside it a broad default:
 *    the recent drop per log-step extrapolated to T (for a positive loss no further than the power
 *    law through the same slope), with the whole of it inside the band (see `defaultComponent`).
 * 3. A floor: with two or more peers, no value is forecast below the best peer's value at T less
 *    half the gap between the peers' median and best (half the ratio, for positive losses), and a
 *    loss that has only been positive is never forecast below 0. Extrapolated asymptotes run away
 *    easily (a pow3 with a tiny exponent is a straight line in log t), and an optimistic tail is
 *    exactly what would make a freeze-thaw policy thaw a hopeless trial. A trial may still be
 *    forecast to beat every peer, by a plausible margin; the floor does not change the probability
 *    of beating an incumbent that is itself above the floor, only the size of the improvement.
 * 4. How much each source counts (`sourceWeights`). Set weights to start: the ensemble's grows with
 *    the points, 1 - (2.5/n)² (1 below five points, where no family can also estimate its noise:
 *    one or two points say little about a curve's shape); the default counts as two peers. With
 *    three peers or more, those weights are learned from the peers themselves (stacking): each peer
 *    is cut at this trial's last step S and forecast to T by each source, and the weights are those
 *    that give the values the peers then reached the highest log score. The families alone, on
 *    LCBench's curves cut at step 25, put 97% of the finals below their 10% quantile (they see the
 *    curves flattening, the curves go on falling); learned weights bring that to 5-15%. Measured
 *    by `npm run bench:forecasts` (docs/benchmarks-forecasts.md).
 *
 * A curve that has already reached T needs no forecast: its value there is returned as a point.
 * A diverged curve (last value NaN or infinite) is forecast at +Infinity.
 */

export interface Band {
  readonly median: number;
  /** The 80% band: the 10% and 90% quantiles. */
  readonly low: number;
  readonly high: number;
}

export type ForecastBasis = 'observed' | 'diverged' | 'prior' | 'ensemble';

export interface Forecast extends Band {
  readonly targetStep: number;
  /** 'prior' when too few points to fit any family; 'ensemble' when the families carry weight. */
  readonly basis: ForecastBasis;
  /** Family weights in the ensemble (empty for the other bases), for tooltips and tests. */
  readonly weights: Readonly<Partial<Record<FamilyName, number>>>;
  /** The forecast at another step (the same fits, the prior and floor at that step). */
  at(step: number): Band;
  /** `at` over several steps, for drawing a band over a live curve. */
  bands(steps: readonly number[]): Band[];
  /** P(value at the target step < loss). */
  probabilityBelow(loss: number): number;
  /** E[max(0, incumbent - value at the target step)]. */
  expectedImprovement(incumbent: number): number;
}

export interface ForecastOptions {
  /** Curves of trials that reached the target step (loss units): the shared prior and the floor. */
  readonly peers?: readonly (readonly CurvePoint[])[];
  /** false keeps the set weights of the sources even with enough peers to learn them (4. above); bench:forecasts compares the two. */
  readonly learnWeights?: boolean;
}

/** Points beyond this are thinned (evenly, first and last kept): fits stay cheap on long curves. */
const MAX_FIT_POINTS = 40;
/** Below this many points no family can also estimate its noise: the prior alone. */
const MIN_ENSEMBLE_POINTS = 5;
/** Uncertainty of the drop still to come, as a fraction of it (see 1. above). */
const SHAPE_UNCERTAINTY = 0.25;
/** The prior's weight is (PRIOR_POINTS / n)² once families are fitted; measured: 2.5 keeps a noiseless pow3 forecast within 1%. */
const PRIOR_POINTS = 2.5;
/** Weight of the broad default in the prior, counted in peers: it fades as peers accrue. */
const DEFAULT_PRIOR_PEERS = 2;
/** z-score of the 90% quantile: the default component puts its whole extrapolated drop inside the band. */
const Z90 = 1.2815515655446004;
/** Peers needed before the prior's weight is learned from them (4. above) instead of set by the number of points. */
const MIN_CALIBRATION_PEERS = 3;
/** At most this many peers are forecast to learn that weight: enough to tell the sources apart, a bounded cost. */
const MAX_CALIBRATION_PEERS = 12;
/** The set weights count as this many peers when the peers' held-out scores reweigh the sources. */
const STACKING_PRIOR_PEERS = 0.5;
/** EM steps for those weights: they settle within a few tens. */
const STACKING_ITERATIONS = 30;
/** Smallest noise scale, relative to the curve's magnitude: a noiseless curve still gets a sliver of band. */
const RELATIVE_NOISE_FLOOR = 1e-4;

interface Prepared {
  readonly points: readonly CurvePoint[];
  readonly lastStep: number;
  readonly lastValue: number;
  /** A robust noise estimate from successive differences (0 with one point). */
  readonly noise: number;
  /** Loss drop per unit of log step, from a least-squares line in log t (null with one point). */
  readonly logSlopeDrop: number | null;
}

export function forecastCurve(curve: readonly CurvePoint[], targetStep: number, options: ForecastOptions = {}): Forecast {
  const peers = options.peers ?? [];
  const last = curve.at(-1);
  if (last === undefined) throw new RangeError('forecastCurve needs at least one point');
  if (last.step >= targetStep) {
    const value = firstPointAtOrPast(curve, targetStep)!.value;
    const mixture: Mixture = Number.isFinite(value) ? { components: [{ weight: 1, mean: value, sd: 0 }], floor: -Infinity } : DIVERGED;
    return build(mixture, targetStep, 'observed', {}, () => mixture);
  }
  if (!Number.isFinite(last.value)) return build(DIVERGED, targetStep, 'diverged', {}, () => DIVERGED);

  const prepared = prepare(curve);
  const fits = prepared.points.length >= MIN_ENSEMBLE_POINTS ? fitEnsemble(prepared) : null;
  const hasFits = fits !== null && fits.fits.length > 0;
  const sources = sourceWeights(prepared, targetStep, peers, hasFits, options.learnWeights ?? true);
  // A loss that has only ever been positive (an error rate, a cross-entropy) is never forecast below 0.
  const zeroFloor = prepared.points.every((point) => point.value > 0) ? 0 : -Infinity;

  const mixtureAt = (step: number): Mixture => {
    if (step <= prepared.lastStep) {
      const value = firstPointAtOrPast(curve, step)!.value;
      return { components: [{ weight: 1, mean: value, sd: 0 }], floor: -Infinity };
    }
    const components: NormalComponent[] = [{ ...defaultComponent(prepared, step), weight: sources.default }];
    for (const c of ratioComponents(prepared, step, peers)) components.push({ ...c, weight: c.weight * sources.peers });
    if (hasFits && sources.ensemble > 0) {
      for (const c of ensembleComponents(fits, prepared, step)) components.push({ ...c, weight: c.weight * sources.ensemble });
    }
    return { components: normalise(components), floor: Math.max(peerFloor(peers, step), zeroFloor) };
  };

  const weights: Partial<Record<FamilyName, number>> = {};
  if (hasFits) for (const [i, fit] of fits.fits.entries()) weights[fit.family] = fits.weights[i]! * sources.ensemble;
  return build(mixtureAt(targetStep), targetStep, sources.ensemble > 0 ? 'ensemble' : 'prior', weights, mixtureAt);
}

function bandOf(mixture: Mixture): Band {
  return { median: quantile(mixture, 0.5), low: quantile(mixture, 0.1), high: quantile(mixture, 0.9) };
}

function build(
  mixture: Mixture,
  targetStep: number,
  basis: ForecastBasis,
  weights: Partial<Record<FamilyName, number>>,
  mixtureAt: (step: number) => Mixture,
): Forecast {
  const band = bandOf(mixture);
  const at = (step: number) => (step === targetStep ? band : bandOf(mixtureAt(step)));
  return {
    ...band,
    targetStep,
    basis,
    weights,
    at,
    bands: (steps) => steps.map(at),
    probabilityBelow: (loss) => {
      // Nothing is forecast below the floor; the mass held at it does not beat a loss equal to it.
      if (loss <= mixture.floor) return 0;
      // Strictly below: a point mass at exactly the loss does not beat it.
      const below = cdf(mixture, loss);
      const atLoss = mixture.components.some((c) => c.sd === 0 && c.mean === loss);
      return atLoss ? cdf(mixture, loss - Math.abs(loss) * 1e-15 - Number.MIN_VALUE) : below;
    },
    expectedImprovement: (incumbent) => expectedImprovement(mixture, incumbent),
  };
}

/** Finite points at positive steps, thinned to MAX_FIT_POINTS, with the noise and log-slope estimates. */
function prepare(curve: readonly CurvePoint[]): Prepared {
  const usable = curve.filter((point) => point.step > 0 && Number.isFinite(point.value));
  // The last point is finite (checked by the caller) but may sit at step <= 0.
  const all = usable.length > 0 ? usable : [curve.at(-1)!];
  const points =
    all.length <= MAX_FIT_POINTS ? all : Array.from({ length: MAX_FIT_POINTS }, (_, i) => all[Math.round((i * (all.length - 1)) / (MAX_FIT_POINTS - 1))]!);
  const lastPoint = points.at(-1)!;
  const differences = points.slice(1).map((point, i) => Math.abs(point.value - points[i]!.value));
  // Median absolute successive difference, read as the noise of one value (a difference of two
  // independent values has √2 times its sd; 0.6745 turns a median absolute deviation into an sd).
  // It includes the curve's own trend, so it errs wide early on, which is the safe side.
  const noise = differences.length === 0 ? 0 : median(differences) / (Math.SQRT2 * 0.6745);
  let logSlopeDrop: number | null = null;
  const logged = points.filter((point) => point.step > 0);
  if (logged.length >= 2) {
    const xs = logged.map((point) => Math.log(point.step));
    const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
    const meanY = logged.reduce((a, point) => a + point.value, 0) / logged.length;
    let sxy = 0;
    let sxx = 0;
    for (const [i, point] of logged.entries()) {
      sxy += (xs[i]! - meanX) * (point.value - meanY);
      sxx += (xs[i]! - meanX) ** 2;
    }
    if (sxx > 0) logSlopeDrop = Math.max(0, -sxy / sxx);
  }
  return { points, lastStep: lastPoint.step, lastValue: lastPoint.value, noise, logSlopeDrop };
}

function noiseFloor(prepared: Prepared): number {
  return Math.max(prepared.noise, RELATIVE_NOISE_FLOOR * Math.max(Math.abs(prepared.lastValue), 1e-12));
}

interface Ensemble {
  readonly fits: readonly FamilyFit[];
  readonly weights: readonly number[];
  readonly normalised: NormalisedCurve;
}

/**
 * Fits are memoised by the points' content (never by array identity: the scheduler's views grow
 * and rewrite curves in place). Fitting is a pure, deterministic function of the points, so the
 * cache changes how fast an answer comes, never what it is; it only spares a policy refitting every
 * frozen trial's unchanged curve at every decision. Bounded, oldest evicted first.
 */
const FIT_CACHE_SIZE = 4096;
const fitCache = new Map<string, Ensemble>();

function fitEnsemble(prepared: Prepared): Ensemble {
  const key = prepared.points.map((point) => `${point.step}:${point.value}`).join(',');
  const cached = fitCache.get(key);
  if (cached !== undefined) return cached;
  const ensemble = fitEnsembleUncached(prepared);
  if (fitCache.size >= FIT_CACHE_SIZE) fitCache.delete(fitCache.keys().next().value!);
  fitCache.set(key, ensemble);
  return ensemble;
}

function fitEnsembleUncached(prepared: Prepared): Ensemble {
  const values = prepared.points.map((point) => point.value);
  const offset = Math.min(...values);
  const range = Math.max(...values) - offset;
  const scale = Math.max(range, RELATIVE_NOISE_FLOOR * Math.max(Math.abs(offset), 1e-12));
  const normalised: NormalisedCurve = {
    t: Float64Array.from(prepared.points, (point) => point.step),
    u: Float64Array.from(prepared.points, (point) => point.step / prepared.lastStep),
    z: Float64Array.from(prepared.points, (point) => (point.value - offset) / scale),
    lastStep: prepared.lastStep,
    offset,
    scale,
  };
  const fits = FAMILIES.map((family) => fitFamily(family, normalised)).filter((fit): fit is FamilyFit => fit !== null);
  const n = normalised.z.length;
  // BIC = n·log(SSE/n) + p·log n, the SSE floored so that two exact fits of a noiseless curve tie
  // instead of one winning on rounding error.
  const floor = RELATIVE_NOISE_FLOOR ** 2;
  const bic = fits.map((fit) => n * Math.log(Math.max(fit.sumOfSquares / n, floor)) + fit.parameters * Math.log(n));
  const best = Math.min(...bic);
  const raw = bic.map((value) => Math.exp(-0.5 * (value - best)));
  const total = raw.reduce((a, b) => a + b, 0);
  return { fits, weights: raw.map((w) => w / total), normalised };
}

function ensembleComponents(ensemble: Ensemble, prepared: Prepared, step: number): NormalComponent[] {
  const { offset, scale } = ensemble.normalised;
  return ensemble.fits.map((fit, i) => {
    const target = fit.predict(step);
    const remainingDrop = Math.max(0, fit.predict(prepared.lastStep).mean - target.mean) * scale;
    // The value reported at `step` carries the same noise as the ones fitted: the residual variance.
    const sd = Math.sqrt((target.sd * scale) ** 2 + fit.noiseVariance * scale * scale + (SHAPE_UNCERTAINTY * remainingDrop) ** 2);
    const mean = offset + scale * target.mean;
    return { weight: ensemble.weights[i]!, mean, sd: Math.max(sd, RELATIVE_NOISE_FLOOR * Math.abs(mean)) };
  });
}

/**
 * The broad default: the trial's loss falling on as it has per log-step (a least-squares line in
 * log t) from its last step to `step`, at most; the band runs from no further drop to that whole
 * drop. Log-linear decline is slower than any power law's eventually but faster early, which over
 * the ranges a prior needs (a few steps seen, tens to go) makes it an upper bound on the drop of
 * most real curves. With one point there is no slope: up to the loss's whole magnitude (a positive
 * loss anywhere down to 0).
 */
function defaultComponent(prepared: Prepared, step: number): NormalComponent {
  const logLinear = prepared.logSlopeDrop === null ? Math.abs(prepared.lastValue) : prepared.logSlopeDrop * Math.log(step / prepared.lastStep);
  // A positive loss cannot fall below 0: its drop is capped by the power law through the same
  // slope (a straight line in log-log), which approaches 0 and never crosses it.
  const drop =
    prepared.lastValue > 0 && prepared.logSlopeDrop !== null
      ? Math.min(logLinear, prepared.lastValue * (1 - (step / prepared.lastStep) ** -(prepared.logSlopeDrop / prepared.lastValue)))
      : logLinear;
  const noise = noiseFloor(prepared);
  return { weight: 1, mean: prepared.lastValue - 0.5 * drop, sd: Math.sqrt(((0.5 * drop) / Z90) ** 2 + noise * noise) };
}

/** The peers' ratio (or difference) from the last step to `step`, applied to this trial: one kernel a peer, weights summing to 1 (none without peers). */
function ratioComponents(prepared: Prepared, step: number, peers: readonly (readonly CurvePoint[])[]): NormalComponent[] {
  const pairs: { from: number; to: number }[] = [];
  for (const peer of peers) {
    const from = firstPointAtOrPast(peer, prepared.lastStep);
    const to = firstPointAtOrPast(peer, step);
    if (from === null || to === null || !Number.isFinite(from.value) || !Number.isFinite(to.value)) continue;
    pairs.push({ from: from.value, to: to.value });
  }
  if (pairs.length === 0) return [];
  // Ratios are scale-free, right for losses, errors and perplexities (all positive); a maximised
  // accuracy arrives as a negative loss, where only differences mean anything.
  const positive = prepared.lastValue > 0 && pairs.every((pair) => pair.from > 0 && pair.to > 0);
  if (positive) {
    // Kernels in log space (each sd proportional to its prediction): peers' ratios spread by factors,
    // and a kernel of fixed width reached below zero for a loss that cannot.
    const logs = pairs.map((pair) => Math.log(prepared.lastValue) + Math.log(pair.to / pair.from));
    const logBandwidth = Math.max(silverman(logs), noiseFloor(prepared) / prepared.lastValue);
    return logs.map((log) => ({ weight: 1 / logs.length, mean: Math.exp(log), sd: Math.exp(log) * logBandwidth }));
  }
  const predictions = pairs.map((pair) => prepared.lastValue + (pair.to - pair.from));
  // Never narrower than this trial's own noise.
  const bandwidth = Math.max(silverman(predictions), noiseFloor(prepared));
  return predictions.map((value) => ({ weight: 1 / predictions.length, mean: value, sd: bandwidth }));
}

/** Silverman's rule-of-thumb kernel bandwidth. */
function silverman(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return 1.06 * sd * values.length ** -0.2;
}

interface SourceWeights {
  /** The broad default (defaultComponent). */
  readonly default: number;
  /** The peers' ratios (ratioComponents). */
  readonly peers: number;
  /** The curve-family ensemble (0 without fits). */
  readonly ensemble: number;
}

/**
 * How much each source of the forecast counts (see 4. above): the set weights, or with
 * MIN_CALIBRATION_PEERS peers that have enough points up to this trial's last step, the stacked
 * weights learned on them (the ratios for a peer come from the other peers only).
 */
function sourceWeights(prepared: Prepared, targetStep: number, peers: readonly (readonly CurvePoint[])[], hasFits: boolean, learn: boolean): SourceWeights {
  const countOf = (list: readonly (readonly CurvePoint[])[], step: number) =>
    list.filter((peer) => {
      const from = firstPointAtOrPast(peer, step);
      const to = firstPointAtOrPast(peer, targetStep);
      return from !== null && to !== null && Number.isFinite(from.value) && Number.isFinite(to.value);
    }).length;
  const withRatios = countOf(peers, prepared.lastStep);
  const priorShare = hasFits ? Math.min(1, (PRIOR_POINTS / prepared.points.length) ** 2) : 1;
  const set = {
    default: (priorShare * DEFAULT_PRIOR_PEERS) / (DEFAULT_PRIOR_PEERS + withRatios),
    peers: (priorShare * withRatios) / (DEFAULT_PRIOR_PEERS + withRatios),
    ensemble: 1 - priorShare,
  };
  const usable = peers.filter((peer) => {
    const target = firstPointAtOrPast(peer, targetStep);
    if (target === null || !Number.isFinite(target.value)) return false;
    const cut = peer.filter((point) => point.step <= prepared.lastStep);
    return cut.length > 0 && Number.isFinite(cut.at(-1)!.value) && (!hasFits || cut.length >= MIN_ENSEMBLE_POINTS);
  });
  if (!learn || usable.length < MIN_CALIBRATION_PEERS) return set;
  // Evenly spread, so the cost per forecast stays bounded however many trials reached max.
  const chosen =
    usable.length <= MAX_CALIBRATION_PEERS ? usable : Array.from({ length: MAX_CALIBRATION_PEERS }, (_, i) => usable[Math.floor((i * usable.length) / MAX_CALIBRATION_PEERS)]!);
  const densities: { default: number; peers: number; ensemble: number }[] = [];
  for (const peer of chosen) {
    const actual = firstPointAtOrPast(peer, targetStep)!.value;
    const cut = prepare(peer.filter((point) => point.step <= prepared.lastStep));
    const others = peers.filter((other) => other !== peer);
    let ensembleDensity = 0;
    if (hasFits) {
      const ensemble = fitEnsemble(cut);
      if (ensemble.fits.length > 0) ensembleDensity = density(normalise(ensembleComponents(ensemble, cut, targetStep)), actual);
    }
    densities.push({
      default: density([defaultComponent(cut, targetStep)], actual),
      peers: density(ratioComponents(cut, targetStep, others), actual),
      ensemble: ensembleDensity,
    });
  }
  return stackedWeights(set, densities);
}

/**
 * Stacking: the weights that maximise the peers' held-out log score of the mixed forecast, with
 * the set weights as STACKING_PRIOR_PEERS pseudo-peers (so a few peers nudge and many decide), by
 * EM (each step cannot lower the score). Mixing, not picking the best source (as Bayesian model
 * averaging ends up doing): no one source is right for every trial, and a mixture stays calibrated
 * where each alone is too narrow.
 */
function stackedWeights(set: SourceWeights, densities: readonly { default: number; peers: number; ensemble: number }[]): SourceWeights {
  const keys = ['default', 'peers', 'ensemble'] as const;
  let weights: Record<(typeof keys)[number], number> = { ...set };
  for (let iteration = 0; iteration < STACKING_ITERATIONS; iteration++) {
    const next = { default: STACKING_PRIOR_PEERS * set.default, peers: STACKING_PRIOR_PEERS * set.peers, ensemble: STACKING_PRIOR_PEERS * set.ensemble };
    for (const d of densities) {
      const total = keys.reduce((sum, key) => sum + weights[key] * d[key], 0);
      if (!(total > 0)) continue;
      for (const key of keys) next[key] += (weights[key] * d[key]) / total;
    }
    const sum = next.default + next.peers + next.ensemble;
    weights = { default: next.default / sum, peers: next.peers / sum, ensemble: next.ensemble / sum };
  }
  return weights;
}

function density(components: readonly NormalComponent[], x: number): number {
  let sum = 0;
  for (const c of components) if (c.sd > 0 && Number.isFinite(c.mean)) sum += (c.weight * normalPdf((x - c.mean) / c.sd)) / c.sd;
  return sum;
}

/** The floor at `step` (see 3. above); -Infinity with fewer than two peers there. */
function peerFloor(peers: readonly (readonly CurvePoint[])[], step: number): number {
  const values: number[] = [];
  for (const peer of peers) {
    const point = firstPointAtOrPast(peer, step);
    if (point !== null && Number.isFinite(point.value)) values.push(point.value);
  }
  if (values.length < 2) return -Infinity;
  const best = Math.min(...values);
  // Positive losses are compared by ratio, so the floor is too: half the gap in log terms.
  if (best > 0) return best * Math.sqrt(best / median(values));
  return best - 0.5 * (median(values) - best);
}
