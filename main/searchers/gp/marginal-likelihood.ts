import { maternFromDistance, maternLengthScaleFactor } from './kernel';
import { cholesky, choleskySolve, inverseFromCholesky, logDeterminant, type SquareMatrix } from './linear-algebra';
import { type ValueAndGradient } from './bounded-lbfgs';

/**
 * The objective a GP fit minimises: the negative log marginal likelihood of the (standardised)
 * observations plus a mild prior on the hyperparameters, with its analytic gradient, both over the
 * log hyperparameter vector
 *
 *   θ = [log ℓ_1, ..., log ℓ_d, log σ², log σ_n²]
 *
 * Log space makes the positivity constraints disappear and the scales comparable.
 *
 * Cost per evaluation: one Cholesky and one inverse, O(n³), plus O(n²·d) for the gradient. This is
 * why callers cap the training set (see MAX_TRAINING_POINTS in gp-model.ts).
 */

export interface GaussianPrior {
  readonly mean: number;
  readonly standardDeviation: number;
}

/** Independent normal priors on the log hyperparameters; null means flat (bounds only). */
export interface HyperparameterPrior {
  readonly logLengthScale: GaussianPrior | null;
  readonly logSignalVariance: GaussianPrior | null;
  readonly logNoiseVariance: GaussianPrior | null;
}

/**
 * (x_a,j - x_b,j)² for every pair a > b and dimension j, computed once per fit: the hyperparameters
 * change on every evaluation but the data do not. Layout: [pair][dimension].
 */
function pairwiseSquaredDifferences(points: readonly ArrayLike<number>[], dimension: number): Float64Array {
  const count = points.length;
  const result = new Float64Array(((count * (count - 1)) / 2) * dimension);
  let offset = 0;
  for (let a = 1; a < count; a++) {
    for (let b = 0; b < a; b++) {
      for (let j = 0; j < dimension; j++) {
        const difference = points[a]![j]! - points[b]![j]!;
        result[offset++] = difference * difference;
      }
    }
  }
  return result;
}

function addPrior(prior: GaussianPrior | null, logValue: number, gradient: Float64Array, index: number): number {
  if (prior === null) return 0;
  const standardised = (logValue - prior.mean) / prior.standardDeviation;
  gradient[index] = gradient[index]! + standardised / prior.standardDeviation;
  return 0.5 * standardised * standardised;
}

export interface LikelihoodObjective {
  /** Negative log posterior (up to a constant) and its gradient at θ; Infinity when K is not factorisable. */
  (logParameters: Float64Array): ValueAndGradient;
}

/**
 * Builds the objective for fixed data. `targets` must already be standardised: the signal and noise
 * variance priors and bounds are stated in those units.
 */
export function createLikelihoodObjective(
  points: readonly ArrayLike<number>[],
  targets: ArrayLike<number>,
  dimension: number,
  prior: HyperparameterPrior,
): LikelihoodObjective {
  const count = points.length;
  const squaredDifferences = pairwiseSquaredDifferences(points, dimension);
  const parameterCount = dimension + 2;

  return (logParameters) => {
    const inverseSquaredLengthScales = new Float64Array(dimension);
    for (let j = 0; j < dimension; j++) inverseSquaredLengthScales[j] = Math.exp(-2 * logParameters[j]!);
    const signalVariance = Math.exp(logParameters[dimension]!);
    const noiseVariance = Math.exp(logParameters[dimension + 1]!);

    // Scaled distances are kept per pair so the gradient pass need not recompute them.
    const distances = new Float64Array((count * (count - 1)) / 2);
    const covariance = new Float64Array(count * count);
    let pair = 0;
    for (let a = 0; a < count; a++) {
      covariance[a * count + a] = signalVariance + noiseVariance;
      for (let b = 0; b < a; b++, pair++) {
        let squared = 0;
        for (let j = 0; j < dimension; j++) squared += squaredDifferences[pair * dimension + j]! * inverseSquaredLengthScales[j]!;
        const distance = Math.sqrt(squared);
        distances[pair] = distance;
        const value = maternFromDistance(distance, signalVariance);
        covariance[a * count + b] = value;
        covariance[b * count + a] = value;
      }
    }
    const gradient = new Float64Array(parameterCount);
    const factor = cholesky({ size: count, data: covariance });
    if (factor === null) return { value: Infinity, gradient };

    const alpha = choleskySolve(factor.lower, targets);
    let dataFit = 0;
    for (let a = 0; a < count; a++) dataFit += targets[a]! * alpha[a]!;
    const logLikelihood = -0.5 * dataFit - 0.5 * logDeterminant(factor.lower) - 0.5 * count * Math.log(2 * Math.PI);

    // ∂ log p / ∂θ_k = ½ tr(W ∂K/∂θ_k) with W = ααᵀ - K⁻¹ (Rasmussen & Williams, eq. 5.9).
    const inverse: SquareMatrix = inverseFromCholesky(factor.lower);
    let traceW = 0;
    for (let a = 0; a < count; a++) traceW += alpha[a]! * alpha[a]! - inverse.data[a * count + a]!;
    // Diagonal of K_f is σ², so the signal-variance derivative starts with its diagonal share.
    let signalTerm = traceW * signalVariance;
    const lengthScaleTerms = new Float64Array(dimension);
    pair = 0;
    for (let a = 0; a < count; a++) {
      for (let b = 0; b < a; b++, pair++) {
        // Off-diagonal pairs appear twice in the trace.
        const w = 2 * (alpha[a]! * alpha[b]! - inverse.data[a * count + b]!);
        const distance = distances[pair]!;
        signalTerm += w * maternFromDistance(distance, signalVariance);
        const lengthFactor = w * maternLengthScaleFactor(distance, signalVariance);
        for (let j = 0; j < dimension; j++) {
          lengthScaleTerms[j] = lengthScaleTerms[j]! + lengthFactor * squaredDifferences[pair * dimension + j]! * inverseSquaredLengthScales[j]!;
        }
      }
    }
    // Minimising: the gradient of the negative log likelihood.
    for (let j = 0; j < dimension; j++) gradient[j] = -0.5 * lengthScaleTerms[j]!;
    gradient[dimension] = -0.5 * signalTerm;
    gradient[dimension + 1] = -0.5 * traceW * noiseVariance;

    let penalty = 0;
    for (let j = 0; j < dimension; j++) penalty += addPrior(prior.logLengthScale, logParameters[j]!, gradient, j);
    penalty += addPrior(prior.logSignalVariance, logParameters[dimension]!, gradient, dimension);
    penalty += addPrior(prior.logNoiseVariance, logParameters[dimension + 1]!, gradient, dimension + 1);

    return { value: -logLikelihood + penalty, gradient };
  };
}
