import { normalCdf, normalPdf } from '../../searchers/gp/special-functions';

/**
 * A forecast's distribution: a weighted mixture of normals, optionally floored (every value below
 * `floor` is read as `floor`). Both the curve-family ensemble and the prior from other trials are
 * mixtures, so one representation carries them into the median, the band, the probability of
 * beating an incumbent and the expected improvement, all in closed form or by bisection (no
 * sampling, so the answers are the same every time).
 */

export interface NormalComponent {
  readonly weight: number;
  readonly mean: number;
  readonly sd: number;
}

export interface Mixture {
  readonly components: readonly NormalComponent[];
  /** Values below are read as the floor (see forecast.ts for why forecasts are floored). */
  readonly floor: number;
}

/** A diverged curve: every value is +Infinity, so it beats nothing and improves on nothing. */
export const DIVERGED: Mixture = Object.freeze({ components: Object.freeze([{ weight: 1, mean: Infinity, sd: 0 }]), floor: -Infinity });

/** Weights summing to 1; components of zero weight dropped. An all-zero list keeps equal weights. */
export function normalise(components: readonly NormalComponent[]): NormalComponent[] {
  const total = components.reduce((sum, c) => sum + c.weight, 0);
  if (!(total > 0)) return components.map((c) => ({ ...c, weight: 1 / components.length }));
  return components.filter((c) => c.weight > 0).map((c) => ({ ...c, weight: c.weight / total }));
}

/** P(X <= x) for one normal; a zero sd is a point mass. */
function componentCdf(c: NormalComponent, x: number): number {
  if (c.mean === Infinity) return x === Infinity ? 1 : 0;
  if (!(c.sd > 0)) return x >= c.mean ? 1 : 0;
  return normalCdf((x - c.mean) / c.sd);
}

/** E[max(0, x - X)] for one normal: the expected improvement of X on a loss x. */
function componentImprovement(c: NormalComponent, x: number): number {
  if (c.mean === Infinity || x === -Infinity) return 0;
  if (!(c.sd > 0)) return Math.max(0, x - c.mean);
  const z = (x - c.mean) / c.sd;
  return (x - c.mean) * normalCdf(z) + c.sd * normalPdf(z);
}

export function cdf(mixture: Mixture, x: number): number {
  if (x < mixture.floor) return 0;
  let sum = 0;
  for (const c of mixture.components) sum += c.weight * componentCdf(c, x);
  return Math.min(1, sum);
}

/**
 * E[max(0, incumbent - X)] with X floored: the improvement below the floor is cut off, which is
 * EI(incumbent) - EI(floor) when the incumbent is above the floor and nothing otherwise.
 */
export function expectedImprovement(mixture: Mixture, incumbent: number): number {
  if (!(incumbent > mixture.floor)) return 0;
  let sum = 0;
  for (const c of mixture.components) {
    sum += c.weight * (componentImprovement(c, incumbent) - (mixture.floor === -Infinity ? 0 : componentImprovement(c, mixture.floor)));
  }
  return Math.max(0, sum);
}

/** The p-quantile (0 < p < 1), by bisection to machine precision over the components' range. */
export function quantile(mixture: Mixture, p: number): number {
  let low = Infinity;
  let high = -Infinity;
  for (const c of mixture.components) {
    if (c.mean === Infinity) continue;
    low = Math.min(low, c.mean - 9 * c.sd);
    high = Math.max(high, c.mean + 9 * c.sd);
  }
  if (low === Infinity) return Infinity;
  // The infinite (diverged) mass sits above every finite value: a quantile inside it is infinite.
  if (cdf(mixture, high) < p) return Infinity;
  for (let i = 0; i < 200 && high - low > 1e-13 * Math.max(1, Math.abs(low), Math.abs(high)); i++) {
    const middle = 0.5 * (low + high);
    if (cdf(mixture, middle) >= p) high = middle;
    else low = middle;
  }
  return Math.max(mixture.floor, high);
}
