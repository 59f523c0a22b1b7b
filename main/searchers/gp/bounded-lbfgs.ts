/**
 * Minimises a smooth function inside a box with a projected limited-memory BFGS: the L-BFGS
 * two-loop direction restricted to the variables not held at a bound, then a backtracking Armijo
 * search along the projected path (Bertsekas 1982, "Projected Newton methods for optimization
 * problems with simple constraints"). Simpler than full L-BFGS-B (no generalised Cauchy point),
 * and enough for the few to few tens of variables here: GP hyperparameters and acquisition
 * refinement. Deterministic: no randomness, the same start gives the same answer.
 */

export interface ValueAndGradient {
  readonly value: number;
  readonly gradient: Float64Array;
}

/** Must not keep or modify `x`. A non-finite value marks an infeasible point: the search backs off. */
export type Objective = (x: Float64Array) => ValueAndGradient;

export interface MinimizeOptions {
  readonly maxIterations?: number;
  /** Pairs of (step, gradient change) remembered for the curvature estimate. */
  readonly memory?: number;
  /** Stop when no component of the projected gradient exceeds this. */
  readonly gradientTolerance?: number;
  /** Stop when an iteration lowers the value by less than this, relative to max(1, |value|). */
  readonly valueTolerance?: number;
}

export interface MinimizeResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 30;

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (const value of a) max = Math.max(max, Math.abs(value));
  return max;
}

export function minimizeWithinBounds(
  objective: Objective,
  start: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  options: MinimizeOptions = {},
): MinimizeResult {
  const maxIterations = options.maxIterations ?? 100;
  const memory = options.memory ?? 8;
  const gradientTolerance = options.gradientTolerance ?? 1e-6;
  const valueTolerance = options.valueTolerance ?? 1e-10;
  const size = start.length;
  const project = (value: number, i: number) => Math.min(upper[i]!, Math.max(lower[i]!, value));

  let x: Float64Array = Float64Array.from(start, project);
  let { value, gradient } = objective(x);
  let evaluations = 1;
  if (!Number.isFinite(value)) return { x, value, iterations: 0, evaluations, converged: false };

  const steps: Float64Array[] = [];
  const gradientChanges: Float64Array[] = [];
  const projected = new Float64Array(size);
  const free = new Uint8Array(size);
  let iterations = 0;
  let converged = false;

  while (iterations < maxIterations) {
    // A variable sitting on a bound with the gradient pushing it outwards is held there.
    for (let i = 0; i < size; i++) {
      const g = gradient[i]!;
      const held = (x[i]! <= lower[i]! && g > 0) || (x[i]! >= upper[i]! && g < 0);
      free[i] = held ? 0 : 1;
      projected[i] = held ? 0 : g;
    }
    if (maxAbs(projected) <= gradientTolerance) {
      converged = true;
      break;
    }
    iterations++;

    let direction: Float64Array = quasiNewtonDirection(projected, steps, gradientChanges, free);
    let slope = dot(projected, direction);
    if (!(slope < 0)) {
      // The curvature memory no longer describes the function here: fall back to steepest descent.
      steps.length = 0;
      gradientChanges.length = 0;
      direction = projected.map((g) => -g);
      slope = -dot(projected, projected);
    }
    // Without curvature information the step's scale is unknown; keep the first move to unit length.
    let stepLength = steps.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;

    let accepted: { x: Float64Array; value: number; gradient: Float64Array } | null = null;
    for (let backtrack = 0; backtrack < MAX_BACKTRACKS; backtrack++) {
      const candidate = new Float64Array(size);
      let moved = false;
      let predicted = 0;
      for (let i = 0; i < size; i++) {
        candidate[i] = project(x[i]! + stepLength * direction[i]!, i);
        const change = candidate[i]! - x[i]!;
        if (change !== 0) moved = true;
        predicted += gradient[i]! * change;
      }
      if (!moved) break;
      const trial = objective(candidate);
      evaluations++;
      if (Number.isFinite(trial.value) && predicted < 0 && trial.value <= value + ARMIJO * predicted) {
        accepted = { x: candidate, value: trial.value, gradient: trial.gradient };
        break;
      }
      stepLength *= 0.5;
    }

    if (accepted === null) {
      if (steps.length === 0) break; // steepest descent cannot improve either: as good as it gets
      steps.length = 0;
      gradientChanges.length = 0;
      continue;
    }

    const step = accepted.x.map((v, i) => v - x[i]!);
    const gradientChange = accepted.gradient.map((g, i) => g - gradient[i]!);
    const curvature = dot(step, gradientChange);
    // Only pairs with positive curvature keep the implicit Hessian estimate positive definite.
    if (curvature > 1e-10 * dot(gradientChange, gradientChange)) {
      steps.push(step);
      gradientChanges.push(gradientChange);
      if (steps.length > memory) {
        steps.shift();
        gradientChanges.shift();
      }
    }
    const decrease = value - accepted.value;
    x = accepted.x;
    value = accepted.value;
    gradient = accepted.gradient;
    if (decrease <= valueTolerance * Math.max(1, Math.abs(value))) {
      converged = true;
      break;
    }
  }
  return { x, value, iterations, evaluations, converged };
}

/** -H·g by the L-BFGS two-loop recursion (Nocedal & Wright, algorithm 7.4), over the free variables. */
function quasiNewtonDirection(gradient: Float64Array, steps: Float64Array[], changes: Float64Array[], free: Uint8Array): Float64Array {
  const q = Float64Array.from(gradient);
  const count = steps.length;
  const alphas = new Float64Array(count);
  const rhos = new Float64Array(count);
  const masked = (v: Float64Array, w: Float64Array) => {
    let sum = 0;
    for (let i = 0; i < v.length; i++) if (free[i]) sum += v[i]! * w[i]!;
    return sum;
  };
  for (let k = count - 1; k >= 0; k--) {
    rhos[k] = 1 / masked(steps[k]!, changes[k]!);
    alphas[k] = rhos[k]! * masked(steps[k]!, q);
    for (let i = 0; i < q.length; i++) if (free[i]) q[i] = q[i]! - alphas[k]! * changes[k]![i]!;
  }
  if (count > 0) {
    const latestStep = steps[count - 1]!;
    const latestChange = changes[count - 1]!;
    const gamma = masked(latestStep, latestChange) / masked(latestChange, latestChange);
    if (Number.isFinite(gamma) && gamma > 0) q.forEach((v, i) => (q[i] = v * gamma));
  }
  for (let k = 0; k < count; k++) {
    const beta = rhos[k]! * masked(changes[k]!, q);
    for (let i = 0; i < q.length; i++) if (free[i]) q[i] = q[i]! + (alphas[k]! - beta) * steps[k]![i]!;
  }
  for (let i = 0; i < q.length; i++) q[i] = free[i] ? -q[i]! : 0;
  return q;
}
