import { erfcx, log1mexp, normalCdf, normalPdf } from './special-functions';

/**
 * Expected improvement for MINIMISATION, in log space.
 *
 *   EI(x) = E[max(best - f(x), 0)] = σ·h(z),   z = (best - μ)/σ,   h(z) = z·Φ(z) + φ(z)
 *
 * Far from the incumbent h(z) underflows to exactly 0 (z < -38 or so), leaving an acquisition
 * surface that is flat zero over most of the space, so neither ranking candidates nor gradient
 * refinement can tell points apart. log h stays finite and smooth all the way out. Formulation from
 * Ament et al. 2023, "Unexpected improvements to expected improvement for Bayesian optimization",
 * eq. (9), with the far tail done by an asymptotic series instead of their ε-threshold, which keeps
 * ~1e-13 relative accuracy everywhere.
 */

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const HALF_LOG_HALF_PI = 0.5 * Math.log(Math.PI / 2);
/**
 * Below this z the series form is used. Here its terms fall by at least (2k+1)/z² per step, so 60
 * terms are far more than enough, while the erfcx form loses about z²·ε to cancellation, ~1e-14.
 */
const SERIES_BELOW = -10;

/**
 * log h(z), h(z) = z·Φ(z) + φ(z) = E[max(z + N(0, 1), 0)]. Finite for every finite z, increasing.
 */
export function logExpectedImprovementStandardised(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z === -Infinity) return -Infinity;
  if (z > -1) return Math.log(z * normalCdf(z) + normalPdf(z));
  // For z < 0: h(z) = φ(z)·(1 - √(π/2)·|z|·erfcx(|z|/√2)); the bracket goes to 0 like 1/z².
  if (z >= SERIES_BELOW) {
    const magnitude = -z;
    return -0.5 * z * z - HALF_LOG_TWO_PI + log1mexp(Math.log(magnitude * erfcx(magnitude / Math.SQRT2)) + HALF_LOG_HALF_PI);
  }
  // The bracket's asymptotic expansion: 1/z² · Σ_k (-1)^k (2k+1)!! / z^{2k} = 1/z² · (1 - 3/z² + 15/z⁴ - ...).
  const inverseSquare = 1 / (z * z);
  let term = 1;
  let sum = 0;
  for (let k = 1; k <= 60; k++) {
    term *= -(2 * k + 1) * inverseSquare;
    sum += term;
    if (Math.abs(term) < 1e-17) break;
  }
  return -0.5 * z * z - HALF_LOG_TWO_PI + Math.log(inverseSquare) + Math.log1p(sum);
}

/**
 * log EI of improving on `best` (lower is better) under a normal posterior N(mean, std²).
 * std = 0 gives log(max(best - mean, 0)), the noise-free limit; -Infinity means no chance at all.
 */
export function logExpectedImprovement(mean: number, std: number, best: number): number {
  if (Number.isNaN(mean) || Number.isNaN(std) || Number.isNaN(best) || std < 0) return NaN;
  if (std === 0) return best > mean ? Math.log(best - mean) : -Infinity;
  return Math.log(std) + logExpectedImprovementStandardised((best - mean) / std);
}

/**
 * EI itself by the textbook formula. Underflows to 0 in the far tail; kept for callers that want
 * the value in objective units (and as the reference the log form is tested against).
 */
export function expectedImprovement(mean: number, std: number, best: number): number {
  if (std === 0) return Math.max(best - mean, 0);
  const z = (best - mean) / std;
  return (best - mean) * normalCdf(z) + std * normalPdf(z);
}
