import { type SquareMatrix } from './linear-algebra';

/**
 * The Matérn-5/2 kernel with automatic relevance determination (one length scale per dimension):
 *
 *   k(a, b) = σ² (1 + √5 r + 5r²/3) exp(-√5 r),   r² = Σ_j ((a_j - b_j) / ℓ_j)²
 *
 * Twice differentiable, so rougher than the squared exponential, which over-smooths real
 * validation-loss surfaces (Snoek et al. 2012, "Practical Bayesian optimization of machine learning
 * algorithms"). A dimension whose length scale grows large stops mattering: that is how the fit
 * learns that a hyperparameter is irrelevant. Every input dimension, integer or continuous, is
 * treated alike; the encoder maps the search space into [0, 1]^d first.
 */

export interface KernelParameters {
  /** ℓ_j > 0, in the units of the encoded inputs (the unit cube). */
  readonly lengthScales: ArrayLike<number>;
  /** σ² > 0: the prior variance of the function at any point. */
  readonly signalVariance: number;
}

const SQRT5 = Math.sqrt(5);

/** The ARD-scaled Euclidean distance r between two points. */
export function scaledDistance(a: ArrayLike<number>, b: ArrayLike<number>, lengthScales: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < lengthScales.length; j++) {
    const difference = (a[j]! - b[j]!) / lengthScales[j]!;
    sum += difference * difference;
  }
  return Math.sqrt(sum);
}

/** k as a function of the scaled distance r. */
export function maternFromDistance(distance: number, signalVariance: number): number {
  const s = SQRT5 * distance;
  return signalVariance * (1 + s + (s * s) / 3) * Math.exp(-s);
}

/**
 * The factor f(r) with ∂k/∂(log ℓ_j) = f(r) · ((a_j - b_j) / ℓ_j)², i.e. f(r) = σ² (5/3)(1 + √5 r) e^{-√5 r}.
 * Written this way the derivative has no 1/r, so it stays finite at r = 0 (where it is zero anyway
 * because every (a_j - b_j) is).
 */
export function maternLengthScaleFactor(distance: number, signalVariance: number): number {
  const s = SQRT5 * distance;
  return signalVariance * (5 / 3) * (1 + s) * Math.exp(-s);
}

export function matern52(a: ArrayLike<number>, b: ArrayLike<number>, parameters: KernelParameters): number {
  return maternFromDistance(scaledDistance(a, b, parameters.lengthScales), parameters.signalVariance);
}

/** K_ab = k(x_a, x_b) over one set of points (no noise term). */
export function kernelMatrix(points: readonly ArrayLike<number>[], parameters: KernelParameters): SquareMatrix {
  const size = points.length;
  const data = new Float64Array(size * size);
  for (let a = 0; a < size; a++) {
    data[a * size + a] = parameters.signalVariance;
    for (let b = 0; b < a; b++) {
      const value = matern52(points[a]!, points[b]!, parameters);
      data[a * size + b] = value;
      data[b * size + a] = value;
    }
  }
  return { size, data };
}

/** k(x, x_a) for every training point x_a: the cross-covariance a prediction at x needs. */
export function crossCovariance(point: ArrayLike<number>, points: readonly ArrayLike<number>[], parameters: KernelParameters): Float64Array {
  const result = new Float64Array(points.length);
  for (let a = 0; a < points.length; a++) result[a] = matern52(point, points[a]!, parameters);
  return result;
}
