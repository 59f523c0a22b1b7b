import { minimizeWithinBounds } from '../../searchers/gp/bounded-lbfgs';
import { cholesky, choleskySolve, squareMatrix } from '../../searchers/gp/linear-algebra';

/**
 * Parametric learning-curve families (Domhan, Springenberg & Hutter 2015, "Speeding up automatic
 * hyperparameter optimization of deep neural networks by extrapolation of learning curves"), in
 * loss units and all of the form  f(t) = c + a·g(t; φ)  with a >= 0 and g non-increasing, so every
 * fitted curve is monotone non-increasing:
 *
 *   pow3       c + a·t^(-α)
 *   exp3       c + a·exp(-b·t)
 *   log_power  c + a / (1 + (t/k)^α)      (Domhan's log power with k = e^b)
 *   ilog2      c + a / log(t + 1)
 *
 * Fitting works in normalised units: steps as u = t / (last observed step), values as
 * z = (y - min y) / (range of y). That makes the bounds below mean the same for a curve of 30 epochs
 * of accuracy and one of 10^5 iterations of a loss in the thousands, and it makes every family but
 * ilog2 (which needs the raw step: log(t + 1) is not scale-free) indifferent to the step unit.
 *
 * Parameters are searched as θ = [c, log a, log φ...] (positive ones in log space: their scales
 * span decades) by bounded L-BFGS on the squared error, started from the best two points of a small
 * grid over φ at which (c, a) are solved exactly (variable projection: for fixed φ the model is
 * linear in c and a). The grid makes the fit deterministic and keeps it out of the flat regions
 * a single start falls into (exp3 with b near zero looks like a line).
 */

export type FamilyName = 'pow3' | 'exp3' | 'log_power' | 'ilog2';

interface Family {
  readonly name: FamilyName;
  /** Lower and upper bounds of the internal nonlinear parameters φ (log space). */
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  /** Starting φ values for the variable-projection grid. */
  readonly grid: readonly (readonly number[])[];
  /**
   * g(u; φ), reading φ from theta[2...] and writing ∂g/∂φ_i into gradient[2 + i] (when given):
   * indices into the whole θ, so the hot loop allocates nothing. `t` is the raw step (only ilog2 uses it).
   */
  basis(u: number, t: number, theta: ArrayLike<number>, gradient: Float64Array | null): number;
}

const log = Math.log;
const logGrid = (values: readonly number[]) => values.map((v) => [log(v)]);

const pow3: Family = {
  name: 'pow3',
  lower: [log(0.01)],
  upper: [log(5)],
  grid: logGrid([0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3]),
  basis(u, _t, theta, gradient) {
    const alpha = Math.exp(theta[2]!);
    const g = u ** -alpha;
    if (gradient) gradient[2] = -alpha * log(u) * g;
    return g;
  },
};

const exp3: Family = {
  name: 'exp3',
  lower: [log(0.01)],
  upper: [log(200)],
  grid: logGrid([0.1, 0.3, 1, 2, 4, 8, 16, 40]),
  basis(u, _t, theta, gradient) {
    const b = Math.exp(theta[2]!);
    const g = Math.exp(-b * u);
    if (gradient) gradient[2] = -b * u * g;
    return g;
  },
};

const logPower: Family = {
  name: 'log_power',
  lower: [log(1e-3), log(0.1)],
  upper: [log(1e3), log(8)],
  grid: [0.03, 0.1, 0.3, 1, 3].flatMap((k) => [0.5, 1, 2, 4].map((alpha) => [log(k), log(alpha)])),
  basis(u, _t, theta, gradient) {
    const logK = theta[2]!;
    const alpha = Math.exp(theta[3]!);
    const exponent = alpha * (log(u) - logK);
    // Past e^700 the knee is long gone: g is 0 and so is its gradient (and w would overflow).
    if (exponent > 700) {
      if (gradient) gradient[2] = gradient[3] = 0;
      return 0;
    }
    const w = Math.exp(exponent);
    const g = 1 / (1 + w);
    if (gradient) {
      const dgdw = -g * g;
      gradient[2] = dgdw * -alpha * w;
      gradient[3] = dgdw * exponent * w;
    }
    return g;
  },
};

const ilog2: Family = {
  name: 'ilog2',
  lower: [],
  upper: [],
  grid: [[]],
  basis: (_u, t) => 1 / log(t + 1),
};

export const FAMILIES: readonly Family[] = [pow3, exp3, logPower, ilog2];

/** How far the asymptote c may lie below the lowest observed value, in ranges of the observed values. */
const ASYMPTOTE_BELOW = 3;
const LOG_A_BOUNDS = [log(1e-8), log(1e4)] as const;

export interface NormalisedCurve {
  /** Raw steps, normalised steps (u = t / last step) and normalised values (z). */
  readonly t: Float64Array;
  readonly u: Float64Array;
  readonly z: Float64Array;
  readonly lastStep: number;
  /** y = offset + scale·z. */
  readonly offset: number;
  readonly scale: number;
}

export interface FamilyFit {
  readonly family: FamilyName;
  readonly parameters: number;
  readonly sumOfSquares: number;
  /**
   * The fitted curve at a step and its standard deviation there, both in normalised units: the
   * linearised parameter uncertainty σ²·hᵀ(JᵀJ)⁻¹h (h the gradient of the prediction in θ), without
   * the observation noise, which the caller adds.
   */
  predict(step: number): { readonly mean: number; readonly sd: number };
  /** Residual variance σ² = SSE / (n - p), normalised units. */
  readonly noiseVariance: number;
}

function bounds(family: Family): { lower: number[]; upper: number[] } {
  return { lower: [-ASYMPTOTE_BELOW, LOG_A_BOUNDS[0], ...family.lower], upper: [1, LOG_A_BOUNDS[1], ...family.upper] };
}

/** Exact (c, a >= 0) least squares for a fixed φ, clamped into the bounds; the sum of squares it leaves. */
function projectLinear(family: Family, curve: NormalisedCurve, phi: readonly number[]): { theta: number[]; sse: number } {
  const n = curve.z.length;
  const g = new Float64Array(n);
  const theta = [0, 0, ...phi];
  let meanG = 0;
  let meanZ = 0;
  for (let i = 0; i < n; i++) {
    g[i] = family.basis(curve.u[i]!, curve.t[i]!, theta, null);
    meanG += g[i]! / n;
    meanZ += curve.z[i]! / n;
  }
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    covariance += (g[i]! - meanG) * (curve.z[i]! - meanZ);
    variance += (g[i]! - meanG) ** 2;
  }
  const a = Math.min(Math.exp(LOG_A_BOUNDS[1]), Math.max(Math.exp(LOG_A_BOUNDS[0]), variance > 0 ? covariance / variance : 0));
  const c = Math.min(1, Math.max(-ASYMPTOTE_BELOW, meanZ - a * meanG));
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (curve.z[i]! - c - a * g[i]!) ** 2;
  return { theta: [c, log(a), ...phi], sse: Number.isFinite(sse) ? sse : Infinity };
}

/** f(θ) at one point and its gradient in θ (written into `gradient`, of θ's length). */
function modelAt(family: Family, theta: ArrayLike<number>, u: number, t: number, gradient: Float64Array): number {
  const a = Math.exp(theta[1]!);
  const g = family.basis(u, t, theta, gradient);
  gradient[0] = 1;
  gradient[1] = a * g;
  for (let i = 2; i < gradient.length; i++) gradient[i] = a * gradient[i]!;
  return theta[0]! + a * g;
}

/**
 * Fits one family; null when there are too few points to also estimate the noise (n < p + 2), or the
 * fit is numerically hopeless.
 */
export function fitFamily(family: Family, curve: NormalisedCurve): FamilyFit | null {
  const n = curve.z.length;
  const p = 2 + family.lower.length;
  if (n < p + 2) return null;
  const { lower, upper } = bounds(family);

  const starts = family.grid.map((phi) => projectLinear(family, curve, phi)).sort((x, y) => x.sse - y.sse).slice(0, 2);
  const gradient = new Float64Array(p);
  const objective = (theta: Float64Array) => {
    const total = new Float64Array(p);
    let sse = 0;
    for (let i = 0; i < n; i++) {
      const residual = modelAt(family, theta, curve.u[i]!, curve.t[i]!, gradient) - curve.z[i]!;
      sse += residual * residual;
      for (let j = 0; j < p; j++) total[j] = total[j]! + residual * gradient[j]!;
    }
    return { value: 0.5 * sse, gradient: total };
  };
  let best: { theta: Float64Array; sse: number } | null = null;
  for (const start of starts) {
    const result = minimizeWithinBounds(objective, start.theta, lower, upper, { maxIterations: 60 });
    const sse = 2 * result.value;
    if (Number.isFinite(sse) && (best === null || sse < best.sse)) best = { theta: result.x, sse };
  }
  if (best === null) return null;
  const theta = best.theta;

  // Linearised covariance: σ²·(JᵀJ)⁻¹ at the fit. The cholesky jitter ladder rescues the singular
  // JᵀJ of a parameter that does not matter (a ≈ 0 makes φ invisible).
  const information = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    modelAt(family, theta, curve.u[i]!, curve.t[i]!, gradient);
    for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) information[j * p + k] = information[j * p + k]! + gradient[j]! * gradient[k]!;
  }
  const factor = cholesky(squareMatrix(p, (j, k) => information[j * p + k]!));
  if (factor === null) return null;
  const noiseVariance = best.sse / (n - p);
  return {
    family: family.name,
    parameters: p,
    sumOfSquares: best.sse,
    noiseVariance,
    predict(step) {
      const h = new Float64Array(p);
      const mean = modelAt(family, theta, step / curve.lastStep, step, h);
      const solved = choleskySolve(factor.lower, h);
      let quadratic = 0;
      for (let j = 0; j < p; j++) quadratic += h[j]! * solved[j]!;
      return { mean, sd: Math.sqrt(Math.max(0, noiseVariance * quadratic)) };
    },
  };
}
