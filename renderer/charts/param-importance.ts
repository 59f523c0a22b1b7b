import { axisPosition, categoryLabel, type ParamAxis, type ScoredTrial } from './analysis-data';

/**
 * Parameter importance, computed here from completed trials, one parameter at a time:
 *
 *   the share of the variance of the result's *ranks* explained by the parameter's bins,
 *   as ε² (epsilon-squared, the bias-adjusted correlation ratio η²), clamped at 0.
 *
 * Bins are the choices of a categorical parameter, or up to MAX_BINS equal-count bins of a numeric
 * one (ties stay in one bin). Ranks rather than raw results keep a few diverged trials (a loss of
 * 1e6) from deciding everything; ε² rather than η² removes most of η²'s upward bias with few trials
 * per bin (random noise alone gives η² ≈ (bins - 1) / (n - 1)). It is marginal: interactions
 * between parameters are not credited to either. It says which knobs moved the result in this
 * sample, not what would happen outside the ranges tried.
 */
export const IMPORTANCE_METHOD = 'ε² of result ranks across parameter bins (bias-adjusted correlation ratio)';

export const MAX_BINS = 5;
/** Fewer trials with a value for the parameter than this and its importance is not estimated. */
export const MIN_TRIALS = 4;

export interface ParamImportance {
  readonly name: string;
  /** 0..1; null when too few trials had this parameter. */
  readonly importance: number | null;
  /** Trials it was estimated from (those where the parameter was active). */
  readonly trials: number;
}

/** Average ranks, 1-based; ties share the mean of their ranks. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const out = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end += 1;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k += 1) out[order[k]!.index] = rank;
    start = end + 1;
  }
  return out;
}

/** Equal-count bins of numeric positions; equal positions always share a bin. */
export function numericBins(positions: readonly number[], maxBins: number): number[] {
  const order = positions.map((position, index) => ({ position, index })).sort((a, b) => a.position - b.position);
  const bins = Math.max(1, Math.min(maxBins, Math.floor(positions.length / 2)));
  const out = new Array<number>(positions.length);
  let bin = 0;
  order.forEach((entry, rank) => {
    const previous = order[rank - 1];
    const wanted = Math.floor((rank * bins) / order.length);
    if (previous === undefined || previous.position !== entry.position) bin = Math.max(bin, wanted);
    out[entry.index] = bin;
  });
  return out;
}

/** ε² of `values` grouped by `groups`, clamped to 0..1; 0 when the values do not vary. */
export function epsilonSquared(values: readonly number[], groups: readonly (number | string)[]): number {
  const n = values.length;
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const byGroup = new Map<number | string, number[]>();
  values.forEach((value, index) => {
    const key = groups[index]!;
    const members = byGroup.get(key);
    if (members === undefined) byGroup.set(key, [value]);
    else members.push(value);
  });
  let total = 0;
  for (const value of values) total += (value - mean) ** 2;
  if (total === 0 || byGroup.size < 2) return 0;
  let between = 0;
  for (const members of byGroup.values()) {
    const groupMean = members.reduce((sum, value) => sum + value, 0) / members.length;
    between += members.length * (groupMean - mean) ** 2;
  }
  const k = byGroup.size;
  const withinMeanSquare = n > k ? (total - between) / (n - k) : 0;
  const epsilon = (between - (k - 1) * withinMeanSquare) / total;
  return Math.min(1, Math.max(0, epsilon));
}

export function parameterImportance(trials: readonly ScoredTrial[], axes: readonly ParamAxis[]): ParamImportance[] {
  return axes.map((axis) => {
    const values: number[] = [];
    const keys: (number | string)[] = [];
    for (const trial of trials) {
      const value = trial.params[axis.name];
      const position = axisPosition(axis, value);
      if (value === undefined || position === null) continue;
      values.push(trial.value);
      keys.push(axis.scale === 'category' ? categoryLabel(value) : position);
    }
    if (values.length < MIN_TRIALS) return { name: axis.name, importance: null, trials: values.length };
    const groups = axis.scale === 'category' ? keys : numericBins(keys as number[], MAX_BINS);
    return { name: axis.name, importance: epsilonSquared(ranks(values), groups), trials: values.length };
  });
}
