import type { TrialState } from './domain';

/**
 * What the dashboard's learning-curves chart draws of many curves: the few drawn on their own (live
 * trials, the best, the best by result) and, for the rest, one envelope (a median line and a 10-90%
 * band per step). Pure, so the back end summarises finished trials' curves with the same code the
 * renderer draws from (metrics/summary), and the renderer draws what the back end sent.
 */

/**
 * Above this many curves (SVG traces), only some are drawn one by one and the rest become one
 * envelope. Thousands of SVG paths take seconds to draw and to redraw on every pushed point, and
 * are one blob anyway.
 */
export const MAX_SEPARATE_CURVES = 50;
/** With WebGL traces thousands of lines still draw quickly, and each keeps its own hover. */
export const MAX_SEPARATE_CURVES_WEBGL = 1000;
/** How many finished trials keep their own line beside the envelope, best results first. */
export const HIGHLIGHTED_CURVES = 20;
/** The envelope's resolution along the step axis. */
export const ENVELOPE_BUCKETS = 100;

export interface CurvePoint {
  readonly step: number;
  readonly value: number;
}

/** What splitting curves needs of a trial. */
export interface CurveRankTrial {
  readonly id: number;
  readonly number: number;
  readonly state: TrialState;
  readonly value: number | null;
}

export interface Curve<T extends CurveRankTrial = CurveRankTrial, S = readonly CurvePoint[]> {
  readonly trial: T;
  /** Sorted by step, at least one point. */
  readonly series: S;
}

/** Per step bucket: the median and the 10th and 90th percentile of the curves in it. */
export interface CurveEnvelope {
  readonly curves: number;
  readonly step: number[];
  readonly low: number[];
  readonly median: number[];
  readonly high: number[];
}

/** A curve as two columns: what the back end reads, no object per point. */
export interface CurveColumns {
  /** Ascending. */
  readonly steps: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

export interface SplitCurvesInput<T extends CurveRankTrial, S extends { readonly length: number } = readonly CurvePoint[]> {
  readonly trials: readonly T[];
  /** Parallel to `trials`: each one's series (points, or anything with a length), undefined (or empty) where it reported none. */
  readonly series: readonly (S | undefined)[];
  readonly bestTrialId: number | null;
  readonly objectiveMode?: 'min' | 'max';
  /** At most this many curves are drawn on their own (MAX_SEPARATE_CURVES or MAX_SEPARATE_CURVES_WEBGL). */
  readonly maxSeparate: number;
}

/** A curve that can still grow: its trial holds a process or a checkpoint it will come back from. */
export function isLiveCurve(trial: Pick<CurveRankTrial, 'state'>): boolean {
  return trial.state === 'running' || trial.state === 'paused' || trial.state === 'frozen';
}

/**
 * Which curves are drawn on their own and which go into the envelope. All of them on their own up
 * to maxSeparate; above it live trials first, then the best trial, then finished ones by result
 * (objectiveMode), up to HIGHLIGHTED_CURVES more than the live ones. Both lists keep `trials` order.
 */
export function splitCurves<T extends CurveRankTrial, S extends { readonly length: number } = readonly CurvePoint[]>(
  input: SplitCurvesInput<T, S>,
): { separate: Curve<T, S>[]; rest: Curve<T, S>[] } {
  const curves: Curve<T, S>[] = [];
  input.trials.forEach((trial, index) => {
    const series = input.series[index];
    if (series !== undefined && series.length > 0) curves.push({ trial, series });
  });
  const limit = input.maxSeparate;
  if (curves.length <= limit) return { separate: curves, rest: [] };
  const sign = (input.objectiveMode ?? 'min') === 'min' ? 1 : -1;
  const live = curves.filter((curve) => isLiveCurve(curve.trial)).slice(0, Math.max(0, limit - HIGHLIGHTED_CURVES));
  const better = (a: Curve<T, S>, b: Curve<T, S>) =>
    Number(b.trial.id === input.bestTrialId) - Number(a.trial.id === input.bestTrialId) || sign * ((a.trial.value ?? 0) - (b.trial.value ?? 0)) || a.trial.number - b.trial.number;
  // The best few by one pass, not a sort of every curve: this runs on every pushed point.
  const ranked: Curve<T, S>[] = [];
  for (const curve of curves) {
    if (isLiveCurve(curve.trial) || curve.trial.value === null || !Number.isFinite(curve.trial.value)) continue;
    if (ranked.length === HIGHLIGHTED_CURVES && better(curve, ranked[ranked.length - 1]!) >= 0) continue;
    let at = ranked.length;
    while (at > 0 && better(curve, ranked[at - 1]!) < 0) at -= 1;
    ranked.splice(at, 0, curve);
    if (ranked.length > HIGHLIGHTED_CURVES) ranked.pop();
  }
  const chosen = new Set([...live, ...ranked].map((curve) => curve.trial.id));
  const best = curves.find((curve) => curve.trial.id === input.bestTrialId);
  if (best !== undefined) chosen.add(best.trial.id);
  return { separate: curves.filter((curve) => chosen.has(curve.trial.id)), rest: curves.filter((curve) => !chosen.has(curve.trial.id)) };
}

/** Nearest-rank quantile of an ascending list. */
function quantileOf(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * The spread of many curves along the step axis: the steps split into `buckets` equal spans; a
 * curve counts once per span (its last finite value there); per span the median and the 10th and
 * 90th percentile, placed at the mean step of those values. Spans no curve reached are left out.
 * Null when no curve has a finite value.
 */
export function curveEnvelope(rest: readonly Pick<Curve, 'series'>[], buckets: number = ENVELOPE_BUCKETS): CurveEnvelope | null {
  return envelopeOfColumns(
    rest.map(({ series }) => ({ steps: series.map((sample) => sample.step), values: series.map((sample) => sample.value) })),
    buckets,
  );
}

/** curveEnvelope of curves as columns (each with at least one step): the one place it is computed. */
export function envelopeOfColumns(rest: readonly CurveColumns[], buckets: number = ENVELOPE_BUCKETS): CurveEnvelope | null {
  let first = Infinity;
  let last = -Infinity;
  for (const { steps } of rest) {
    first = Math.min(first, steps[0]!);
    last = Math.max(last, steps[steps.length - 1]!);
  }
  if (rest.length === 0 || !Number.isFinite(first)) return null;
  const span = last - first;
  const count = span === 0 ? 1 : Math.min(buckets, Math.floor(span) + 1);
  const values: number[][] = Array.from({ length: count }, () => []);
  // Where a bucket's samples sit on average: its point goes there, not at the span's middle, so
  // with one step per bucket the envelope lines up with the steps.
  const stepSums = new Float64Array(count);
  const bucketOf = (step: number) => (span === 0 ? 0 : Math.min(count - 1, Math.floor(((step - first) / span) * count)));
  for (const curve of rest) {
    let bucket = -1;
    let held = Number.NaN;
    let heldStep = 0;
    for (let index = 0; index < curve.steps.length; index += 1) {
      const step = curve.steps[index]!;
      const value = curve.values[index]!;
      const next = bucketOf(step);
      if (next !== bucket) {
        if (bucket >= 0 && Number.isFinite(held)) {
          values[bucket]!.push(held);
          stepSums[bucket]! += heldStep;
        }
        bucket = next;
        held = Number.NaN;
      }
      if (Number.isFinite(value)) {
        held = value;
        heldStep = step;
      }
    }
    if (bucket >= 0 && Number.isFinite(held)) {
      values[bucket]!.push(held);
      stepSums[bucket]! += heldStep;
    }
  }
  const envelope = { curves: rest.length, step: [] as number[], low: [] as number[], median: [] as number[], high: [] as number[] };
  values.forEach((list, bucket) => {
    if (list.length === 0) return;
    // A typed array sorts numerically without a comparator call per comparison: several times faster
    // for the 10,000 values a bucket of a large experiment holds, and this runs as trials finish.
    const sorted = Float64Array.from(list).sort();
    envelope.step.push(stepSums[bucket]! / list.length);
    envelope.low.push(quantileOf(sorted, 0.1));
    envelope.median.push(quantileOf(sorted, 0.5));
    envelope.high.push(quantileOf(sorted, 0.9));
  });
  return envelope.step.length === 0 ? null : envelope;
}

export interface CurveSummaryParts<T extends CurveRankTrial> {
  /** The trials whose curves are sent in full: every live one and those drawn on their own; all of them when not summarised. */
  readonly drawn: T[];
  /** Finished trials whose curves are folded into the envelope (not sent). */
  readonly summarised: T[];
  readonly envelope: CurveEnvelope | null;
}

/**
 * What metrics/summary sends of an experiment's curves of one metric: splitCurves' `rest`, less the
 * live trials (they can still grow, so the chart keeps their own series), as an envelope; every
 * other curve in full. Exactly what the renderer would draw from every curve, when its
 * `maxSeparate` is the renderer's. Curves as columns, so a million points are not a million objects.
 */
export function summariseCurves<T extends CurveRankTrial>(
  input: Omit<SplitCurvesInput<T>, 'series'> & { readonly columns: readonly (CurveColumns | undefined)[] },
): CurveSummaryParts<T> {
  const { separate, rest } = splitCurves({ ...input, series: input.columns.map((curve) => curve?.steps) });
  const hasCurve = (index: number) => (input.columns[index]?.steps.length ?? 0) > 0;
  if (rest.length === 0) return { drawn: separate.map((curve) => curve.trial), summarised: [], envelope: null };
  const summarised = rest.filter((curve) => !isLiveCurve(curve.trial)).map((curve) => curve.trial);
  const folded = new Set(summarised.map((trial) => trial.id));
  const drawn = input.trials.filter((trial, index) => hasCurve(index) && !folded.has(trial.id));
  const columnsOf = new Map(input.trials.map((trial, index) => [trial.id, input.columns[index]]));
  return { drawn, summarised, envelope: envelopeOfColumns(summarised.map((trial) => columnsOf.get(trial.id)!)) };
}
