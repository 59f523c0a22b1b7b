import { createRng } from '../rng';
import { minimizeWithinBounds } from './bounded-lbfgs';
import { crossCovariance, type KernelParameters, kernelMatrix } from './kernel';
import { cholesky, choleskySolve, logDeterminant, solveLower, type SquareMatrix } from './linear-algebra';
import { createLikelihoodObjective, type HyperparameterPrior } from './marginal-likelihood';

/**
 * A Gaussian-process regression model over points in the unit cube [0, 1]^d, with a constant mean
 * and a Matérn-5/2 ARD kernel plus Gaussian noise, its hyperparameters fitted by maximising the
 * log marginal likelihood plus a mild prior (type-II MAP).
 *
 * Observations are standardised internally (mean 0, standard deviation 1) so one set of bounds and
 * priors suits any objective's units; predictions come back in the original units.
 *
 * Complexity: each likelihood evaluation during the fit is O(n³) in the number of training points
 * (Cholesky plus inverse) and O(n²·d) for the gradient, and a fit takes up to
 * (1 + restarts) × maxIterations × a few evaluations; a prediction is O(n·d + n²) per point. At a
 * few hundred points a fit takes on the order of a second; past that, subsample (see
 * MAX_TRAINING_POINTS).
 */

/**
 * A guide for callers, not enforced here: beyond this many observations, fit on a subset (for
 * example the best k plus a random sample of the rest) rather than all of them. Fitting cost grows
 * as n³, and in Bayesian optimisation the extra points add little that the subset does not know.
 */
export const MAX_TRAINING_POINTS = 300;

/** Hyperparameters in standardised output units (the units the bounds and priors are stated in). */
export interface Hyperparameters {
  readonly lengthScales: readonly number[];
  readonly signalVariance: number;
  readonly noiseVariance: number;
}

export interface Prediction {
  /** Posterior mean of the latent function, in the original units of y. */
  readonly mean: Float64Array;
  /** Posterior variance of the latent function (observation noise excluded), original units squared. */
  readonly variance: Float64Array;
}

export interface GaussianProcess {
  readonly dimension: number;
  readonly trainingSize: number;
  readonly hyperparameters: Hyperparameters;
  /** Log marginal likelihood of the standardised targets at the fitted hyperparameters (prior excluded). */
  readonly logMarginalLikelihood: number;
  /** Observation noise variance in the original units of y. */
  readonly noiseVariance: number;
  predict(points: readonly (readonly number[])[]): Prediction;
}

export interface FitOptions {
  /** Seeds the random restarts; the fit is deterministic given the data and the seed. */
  readonly seed?: number;
  /** Random starting points tried in addition to the default (and the warm start); default 2. */
  readonly restarts?: number;
  /**
   * A previous fit's hyperparameters, tried as an extra start: consecutive fits in a search barely
   * move. Ignored when its dimension differs; clipped into the bounds.
   */
  readonly warmStart?: Hyperparameters;
  /** L-BFGS iterations per start; default 100. */
  readonly maxIterations?: number;
  readonly prior?: HyperparameterPrior;
}

/**
 * Box bounds for the fit, in standardised output units and unit-cube input units. A length scale
 * under 0.01 cannot be supported by any realistic number of trials; past 20 a dimension is already
 * flat across the cube. The noise floor keeps K well conditioned for noise-free objectives.
 */
export const HYPERPARAMETER_BOUNDS = {
  lengthScale: [0.01, 20],
  signalVariance: [0.05, 20],
  noiseVariance: [1e-6, 1],
} as const;

/**
 * Why a prior at all: with a handful of points the likelihood alone happily explains everything as
 * noise, or as a wiggle of length scale 0.01 through every point. A broad log-normal on each length
 * scale rules those out without pinning anything down.
 */
export function defaultPrior(dimension: number): HyperparameterPrior {
  return {
    // Typical distances in [0, 1]^d grow as √d, so the expected length scale does too
    // (Hvarfner et al. 2024, "Vanilla Bayesian optimization performs great in high dimensions").
    logLengthScale: { mean: Math.log(0.5) + 0.5 * Math.log(dimension), standardDeviation: 1.5 },
    logSignalVariance: { mean: 0, standardDeviation: 1.5 },
    logNoiseVariance: null,
  };
}

function validate(points: readonly (readonly number[])[], targets: readonly number[]): number {
  if (points.length === 0) throw new Error('a Gaussian process needs at least one observation');
  if (points.length !== targets.length) throw new Error(`${points.length} points but ${targets.length} targets`);
  const dimension = points[0]!.length;
  if (dimension === 0) throw new Error('points must have at least one dimension');
  for (const point of points) {
    if (point.length !== dimension) throw new Error(`points mix dimensions ${dimension} and ${point.length}`);
    if (!point.every(Number.isFinite)) throw new Error('points must be finite');
  }
  if (!targets.every(Number.isFinite)) throw new Error('targets must be finite (drop failed or NaN trials first)');
  return dimension;
}

function standardise(targets: readonly number[]): { offset: number; scale: number; standardised: Float64Array } {
  const count = targets.length;
  const offset = targets.reduce((sum, value) => sum + value, 0) / count;
  const variance = count > 1 ? targets.reduce((sum, value) => sum + (value - offset) ** 2, 0) / (count - 1) : 0;
  // Constant targets (or one point) have no spread to normalise by; scale 1 keeps them as they are.
  const scale = variance > 0 ? Math.sqrt(variance) : 1;
  return { offset, scale, standardised: Float64Array.from(targets, (value) => (value - offset) / scale) };
}

function toLog(hyperparameters: Hyperparameters): number[] {
  return [...hyperparameters.lengthScales.map(Math.log), Math.log(hyperparameters.signalVariance), Math.log(hyperparameters.noiseVariance)];
}

function fromLog(logParameters: ArrayLike<number>, dimension: number): Hyperparameters {
  return {
    lengthScales: Array.from({ length: dimension }, (_, j) => Math.exp(logParameters[j]!)),
    signalVariance: Math.exp(logParameters[dimension]!),
    noiseVariance: Math.exp(logParameters[dimension + 1]!),
  };
}

export function fitGaussianProcess(points: readonly (readonly number[])[], targets: readonly number[], options: FitOptions = {}): GaussianProcess {
  const dimension = validate(points, targets);
  const { offset, scale, standardised } = standardise(targets);
  const prior = options.prior ?? defaultPrior(dimension);
  const objective = createLikelihoodObjective(points, standardised, dimension, prior);

  const bounds = HYPERPARAMETER_BOUNDS;
  const lower = [...Array<number>(dimension).fill(Math.log(bounds.lengthScale[0])), Math.log(bounds.signalVariance[0]), Math.log(bounds.noiseVariance[0])];
  const upper = [...Array<number>(dimension).fill(Math.log(bounds.lengthScale[1])), Math.log(bounds.signalVariance[1]), Math.log(bounds.noiseVariance[1])];

  const starts: number[][] = [];
  if (options.warmStart !== undefined && options.warmStart.lengthScales.length === dimension) starts.push(toLog(options.warmStart));
  const typicalLogLength = prior.logLengthScale?.mean ?? Math.log(0.5);
  starts.push([...Array<number>(dimension).fill(typicalLogLength), 0, Math.log(1e-3)]);
  const rng = createRng(options.seed ?? 0, points.length);
  const uniform = (from: number, to: number) => from + (to - from) * rng.next();
  for (let r = 0; r < (options.restarts ?? 2); r++) {
    starts.push([
      ...Array.from({ length: dimension }, () => uniform(Math.log(0.05), Math.log(5))),
      uniform(Math.log(0.3), Math.log(3)),
      uniform(Math.log(1e-5), Math.log(1e-1)),
    ]);
  }

  let best: { x: Float64Array; value: number } | null = null;
  for (const start of starts) {
    const result = minimizeWithinBounds(objective, start, lower, upper, { maxIterations: options.maxIterations ?? 100 });
    if (Number.isFinite(result.value) && (best === null || result.value < best.value)) best = result;
  }
  if (best === null) throw new Error('the Gaussian process fit failed from every start (kernel matrix not factorisable)');
  const hyperparameters = fromLog(best.x, dimension);
  return conditionOnData(points, standardised, hyperparameters, { offset, scale });
}

function conditionOnData(
  points: readonly (readonly number[])[],
  standardised: Float64Array,
  hyperparameters: Hyperparameters,
  output: { offset: number; scale: number },
): GaussianProcess {
  const kernel: KernelParameters = { lengthScales: hyperparameters.lengthScales, signalVariance: hyperparameters.signalVariance };
  const covariance = kernelMatrix(points, kernel);
  for (let a = 0; a < points.length; a++) covariance.data[a * points.length + a]! += hyperparameters.noiseVariance;
  const factor = cholesky(covariance);
  if (factor === null) throw new Error('the fitted kernel matrix is not factorisable');
  const lower: SquareMatrix = factor.lower;
  const alpha = choleskySolve(lower, standardised);
  const { offset, scale } = output;
  let dataFit = 0;
  for (let a = 0; a < points.length; a++) dataFit += standardised[a]! * alpha[a]!;
  const logMarginalLikelihood = -0.5 * dataFit - 0.5 * logDeterminant(lower) - 0.5 * points.length * Math.log(2 * Math.PI);

  return {
    dimension: hyperparameters.lengthScales.length,
    trainingSize: points.length,
    hyperparameters,
    logMarginalLikelihood,
    noiseVariance: hyperparameters.noiseVariance * scale * scale,
    predict(queries) {
      const mean = new Float64Array(queries.length);
      const variance = new Float64Array(queries.length);
      queries.forEach((query, q) => {
        const cross = crossCovariance(query, points, kernel);
        let latentMean = 0;
        for (let a = 0; a < cross.length; a++) latentMean += cross[a]! * alpha[a]!;
        const v = solveLower(lower, cross);
        let explained = 0;
        for (const value of v) explained += value * value;
        mean[q] = offset + scale * latentMean;
        // Rounding can push σ² - vᵀv a hair below zero at the data points.
        variance[q] = scale * scale * Math.max(hyperparameters.signalVariance - explained, 0);
      });
      return { mean, variance };
    },
  };
}
