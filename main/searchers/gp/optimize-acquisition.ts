import { minimizeWithinBounds } from './bounded-lbfgs';

/**
 * Maximises an acquisition score over the unit cube: score every candidate, then polish the best
 * few with a bounded quasi-Newton search on finite-difference gradients. Screening a quasi-random
 * cloud finds the right basins; the polish finds the top of each, which a cloud of a few thousand
 * points in more than two or three dimensions only approximates. Pure and deterministic: the same
 * inputs give the same point.
 */

/** Higher is better; NaN and -Infinity mean "never pick this". Called once per evaluated point. */
export type AcquisitionScore = (point: readonly number[]) => number;

export interface AcquisitionSearch {
  /** Points in [0, 1]^d to screen (the caller's quasi-random cloud); at least one. */
  readonly candidates: readonly (readonly number[])[];
  /** The best observed points: the optimum of EI is often close to them. Screened like candidates. */
  readonly incumbents?: readonly (readonly number[])[];
  /** How many of the top-scoring starts to polish. */
  readonly refineCount?: number;
  /** Quasi-Newton iterations per polished start; each costs about 2d + 1 score calls. */
  readonly maxIterations?: number;
  /** Finite-difference step in unit-cube coordinates. */
  readonly differenceStep?: number;
}

export interface AcquisitionMaximum {
  readonly point: number[];
  readonly score: number;
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));

export function maximizeAcquisition(score: AcquisitionScore, search: AcquisitionSearch): AcquisitionMaximum {
  const starts = [...search.candidates, ...(search.incumbents ?? [])].map((point) => point.map(clamp));
  if (starts.length === 0) throw new Error('acquisition search needs at least one candidate');
  const dimension = starts[0]!.length;
  const safeScore = (point: readonly number[]) => {
    const value = score(point);
    return Number.isNaN(value) ? -Infinity : value;
  };

  // Sort by score, ties by position, so the outcome never depends on the sort's stability.
  const screened = starts.map((point, index) => ({ point, score: safeScore(point), index }));
  screened.sort((a, b) => (b.score === a.score ? a.index - b.index : b.score - a.score));

  let best: AcquisitionMaximum = { point: screened[0]!.point, score: screened[0]!.score };
  const refineCount = Math.min(search.refineCount ?? 5, screened.length);
  const step = search.differenceStep ?? 1e-6;
  const lower = new Float64Array(dimension);
  const upper = new Float64Array(dimension).fill(1);
  for (const start of screened.slice(0, refineCount)) {
    // A start with no finite score gives the local search nothing to climb.
    if (!Number.isFinite(start.score)) continue;
    const result = minimizeWithinBounds((x) => negatedWithGradient(safeScore, x, step), start.point, lower, upper, {
      maxIterations: search.maxIterations ?? 30,
      gradientTolerance: 1e-9,
    });
    if (-result.value > best.score) best = { point: Array.from(result.x), score: -result.value };
  }
  return best;
}

/**
 * -score and its central-difference gradient; one-sided at the cube's faces and where a neighbour
 * scores -Infinity, zero where neither side is usable.
 */
function negatedWithGradient(score: AcquisitionScore, x: Float64Array, step: number) {
  const point = Array.from(x);
  const value = score(point);
  const gradient = new Float64Array(x.length);
  if (!Number.isFinite(value)) return { value: -value, gradient };
  for (let j = 0; j < x.length; j++) {
    const centre = point[j]!;
    const forwardPosition = Math.min(1, centre + step);
    const backwardPosition = Math.max(0, centre - step);
    point[j] = forwardPosition;
    const forward = forwardPosition > centre ? score(point) : -Infinity;
    point[j] = backwardPosition;
    const backward = backwardPosition < centre ? score(point) : -Infinity;
    point[j] = centre;
    let slope = 0;
    if (Number.isFinite(forward) && Number.isFinite(backward)) slope = (forward - backward) / (forwardPosition - backwardPosition);
    else if (Number.isFinite(forward)) slope = (forward - value) / (forwardPosition - centre);
    else if (Number.isFinite(backward)) slope = (value - backward) / (centre - backwardPosition);
    gradient[j] = -slope;
  }
  return { value: -value, gradient };
}
