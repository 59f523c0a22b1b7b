import type { CurveSummary, StoredSeries } from '../../shared/api';
import type { CurveEnvelope } from '../../shared/curve-envelope';
import type { MetricPoint } from '../../shared/domain';

/** One reported value of one metric. */
export interface MetricSample {
  readonly step: number;
  readonly value: number;
}

/** A metric's curve: sorted by step, at most one sample per step. */
export type MetricSeries = readonly MetricSample[];

/**
 * Metric curves per trial per metric name. A series is replaced (new identity) only when it gains or
 * changes a sample, so a chart re-renders only for the curves that moved.
 */
export interface MetricsData {
  readonly byTrial: Readonly<Record<number, Readonly<Record<string, MetricSeries>>>>;
  /**
   * Experiments whose metrics were fetched (every curve, or a summary of one metric's);
   * pushes for other experiments' trials are dropped.
   */
  readonly loadedExperiments: Readonly<Record<number, true>>;
  /**
   * The learning-curves summary (metrics/summary) last fetched per experiment: its summarised
   * trials' curves of that metric are not held, the envelope stands for them.
   */
  readonly summaries: Readonly<Record<number, HeldCurveSummary>>;
  /** Trials whose every curve was fetched (the trial page's), beside experiments fetched whole. */
  readonly fullTrials: Readonly<Record<number, true>>;
}

/** A metrics/summary reply as held: the curves it sent are merged into byTrial. */
export interface HeldCurveSummary {
  readonly metric: string;
  readonly names: readonly string[];
  readonly maxSeparate: number;
  readonly summarised: ReadonlySet<number>;
  readonly envelope: CurveEnvelope | null;
}

export const emptyMetrics: MetricsData = { byTrial: {}, loadedExperiments: {}, summaries: {}, fullTrials: {} };

/** Which side wins when both hold a sample for the same step. */
export type StepConflict = 'incoming-wins' | 'held-wins';

/**
 * Merges samples into a series. Samples arrive almost always in step order after the last one
 * held, so that case is an append; anything else (a re-sent step, a late batch) goes through a map.
 */
export function mergeSeries(held: MetricSeries, incoming: readonly MetricSample[], conflict: StepConflict): MetricSeries {
  if (incoming.length === 0) return held;
  let lastStep = held.length > 0 ? (held[held.length - 1]?.step ?? -Infinity) : -Infinity;
  let ordered = true;
  for (const sample of incoming) {
    if (sample.step <= lastStep) {
      ordered = false;
      break;
    }
    lastStep = sample.step;
  }
  if (ordered) return [...held, ...incoming];

  const byStep = new Map<number, MetricSample>();
  for (const sample of held) byStep.set(sample.step, sample);
  const heldSteps = conflict === 'held-wins' ? new Set(byStep.keys()) : null;
  for (const sample of incoming) {
    // Among the incoming samples a later one for the same step is the newer one.
    if (heldSteps?.has(sample.step) === true) continue;
    byStep.set(sample.step, sample);
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

function groupPoints(points: readonly MetricPoint[]): Map<number, Map<string, MetricSample[]>> {
  const groups = new Map<number, Map<string, MetricSample[]>>();
  for (const point of points) {
    let byName = groups.get(point.trialId);
    if (byName === undefined) {
      byName = new Map();
      groups.set(point.trialId, byName);
    }
    const samples = byName.get(point.name);
    const sample = { step: point.step, value: point.value };
    if (samples === undefined) byName.set(point.name, [sample]);
    else samples.push(sample);
  }
  return groups;
}

function mergePoints(data: MetricsData, points: readonly MetricPoint[], conflict: StepConflict): MetricsData['byTrial'] {
  const byTrial = { ...data.byTrial };
  for (const [trialId, byName] of groupPoints(points)) {
    const series = { ...byTrial[trialId] };
    for (const [name, samples] of byName) {
      series[name] = mergeSeries(series[name] ?? [], samples, conflict);
    }
    byTrial[trialId] = series;
  }
  return byTrial;
}

/**
 * Pushed points. `experimentOf` maps known trials to their experiment; points for a trial of an
 * experiment whose metrics were never fetched are dropped, points for a trial not seen yet are kept
 * (its `trials/updated` may be in the next batch).
 */
export function appendMetrics(data: MetricsData, points: readonly MetricPoint[], experimentOf: Readonly<Record<number, number>>): MetricsData {
  const wanted = points.filter((point) => {
    const experimentId = experimentOf[point.trialId];
    return experimentId === undefined || data.loadedExperiments[experimentId] === true;
  });
  if (wanted.length === 0) return data;
  return { ...data, byTrial: mergePoints(data, wanted, 'incoming-wins') };
}

/**
 * Points from `metrics/list`. Pushes that arrived while the request was in flight are at least as
 * new as the snapshot, so on the same step the held sample wins.
 */
export function loadMetrics(data: MetricsData, experimentId: number, points: readonly MetricPoint[]): MetricsData {
  return {
    ...data,
    byTrial: mergePoints(data, points, 'held-wins'),
    loadedExperiments: { ...data.loadedExperiments, [experimentId]: true },
    summaries: withoutKey(data.summaries, experimentId),
  };
}

function withoutKey<T>(record: Readonly<Record<number, T>>, key: number): Readonly<Record<number, T>> {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}

function mergeStoredSeries(byTrial: Readonly<Record<number, Readonly<Record<string, MetricSeries>>>>, list: readonly StoredSeries[]): Record<number, Readonly<Record<string, MetricSeries>>> {
  const merged: Record<number, Readonly<Record<string, MetricSeries>>> = { ...byTrial };
  for (const entry of list) {
    const samples: MetricSample[] = entry.steps.map((step, index) => ({ step, value: entry.values[index] ?? Number.NaN }));
    const held = merged[entry.trialId];
    const heldSeries = held?.[entry.name];
    merged[entry.trialId] = { ...held, [entry.name]: heldSeries === undefined ? samples : mergeSeries(heldSeries, samples, 'held-wins') };
  }
  return merged;
}

/**
 * Curves from `metrics/series`, as loadMetrics does for points (held samples win on the same
 * step). A null value (NaN or infinite, which JSON cannot carry) becomes NaN, which charts skip.
 */
export function loadSeries(data: MetricsData, experimentId: number, list: readonly StoredSeries[]): MetricsData {
  // Every curve is held now: no summary stands in for any of them.
  return {
    ...data,
    byTrial: mergeStoredSeries(data.byTrial, list),
    loadedExperiments: { ...data.loadedExperiments, [experimentId]: true },
    summaries: withoutKey(data.summaries, experimentId),
  };
}

/** Every curve of these trials (metrics/series with trialIds), merged as loadSeries does. */
export function loadTrialSeries(data: MetricsData, trialIds: readonly number[], list: readonly StoredSeries[]): MetricsData {
  const fullTrials = { ...data.fullTrials };
  for (const trialId of trialIds) fullTrials[trialId] = true;
  return { ...data, byTrial: mergeStoredSeries(data.byTrial, list), fullTrials };
}

/**
 * A metrics/summary reply: the curves it sent merged as loadSeries does (held samples win), the
 * rest of it kept for the learning-curves chart, and the experiment's pushes accepted from now on.
 */
export function loadSummary(data: MetricsData, experimentId: number, summary: CurveSummary): MetricsData {
  const held: HeldCurveSummary = {
    metric: summary.metric,
    names: summary.names,
    maxSeparate: summary.maxSeparate,
    summarised: new Set(summary.summarised),
    envelope: summary.envelope,
  };
  return {
    ...data,
    byTrial: mergeStoredSeries(data.byTrial, summary.series),
    loadedExperiments: { ...data.loadedExperiments, [experimentId]: true },
    summaries: { ...data.summaries, [experimentId]: held },
  };
}

/** Curves of deleted experiments' trials are dropped. */
export function removeMetricsOf(data: MetricsData, experimentIds: readonly number[], trialIds: readonly number[]): MetricsData {
  if (trialIds.length === 0 && !experimentIds.some((id) => id in data.loadedExperiments || id in data.summaries)) return data;
  const byTrial = { ...data.byTrial };
  const loadedExperiments = { ...data.loadedExperiments };
  const summaries = { ...data.summaries };
  const fullTrials = { ...data.fullTrials };
  for (const trialId of trialIds) {
    delete byTrial[trialId];
    delete fullTrials[trialId];
  }
  for (const id of experimentIds) {
    delete loadedExperiments[id];
    delete summaries[id];
  }
  return { byTrial, loadedExperiments, summaries, fullTrials };
}

/** The metric names reported by any of these trials, sorted. */
export function metricNamesOf(data: Pick<MetricsData, 'byTrial'>, trialIds: readonly number[]): string[] {
  const names = new Set<string>();
  for (const trialId of trialIds) {
    const series = data.byTrial[trialId];
    // for-in, not Object.keys: this runs over every trial of the experiment on each metrics push.
    if (series !== undefined) for (const name in series) names.add(name);
  }
  return [...names].sort();
}
