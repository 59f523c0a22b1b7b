import type { Data, Layout, ScatterData, ScatterglData } from 'plotly.js-dist-min';
import type { TrialForecast } from '../../shared/api';
import type { Trial } from '../../shared/domain';
import { formatParams } from '../lib/format';
import type { MetricSeries } from '../state/metrics-slice';
import type { ChartTheme } from './chart-theme';
import { decimate } from './decimate';
import {
  curveEnvelope,
  isLiveCurve,
  MAX_SEPARATE_CURVES,
  MAX_SEPARATE_CURVES_WEBGL,
  splitCurves as splitSharedCurves,
  type CurveEnvelope,
} from '../../shared/curve-envelope';

// The split and the envelope live in shared/ (the back end summarises with them: metrics/summary).
export { curveEnvelope, ENVELOPE_BUCKETS, HIGHLIGHTED_CURVES, MAX_SEPARATE_CURVES, MAX_SEPARATE_CURVES_WEBGL, type CurveEnvelope } from '../../shared/curve-envelope';

/** Above this many curves, WebGL traces keep hovering and panning smooth; below, SVG looks crisper. */
export const WEBGL_TRACE_THRESHOLD = 50;
/** A legend for more curves than this would crowd out the plot; hover names the trial instead. */
export const MAX_LEGEND_ENTRIES = 12;
/** Bands for more trials than this hide the curves they are about: running trials first, then the most promising frozen ones. */
export const MAX_FORECAST_BANDS = 12;

/**
 * Points per curve after min-max decimation: about two per pixel column of the chart at its
 * widest, so no wiggle is lost. Fewer than the 2,000 of a trial's own chart because this one is
 * redrawn for every push while trials stream, and Plotly's time per redraw grows with the points
 * of the live curves (each live trial of a long run reaches the limit).
 */
export const CURVE_POINTS = 1000;
export type CurveTrial = Pick<Trial, 'id' | 'number' | 'state' | 'params' | 'value'>;

export interface LearningCurvesInput {
  readonly trials: readonly CurveTrial[];
  /** Parallel to `trials`: the chosen metric's series of each, undefined where it reported none. */
  readonly series: readonly (MetricSeries | undefined)[];
  readonly metric: string;
  readonly logScale: boolean;
  readonly bestTrialId: number | null;
  /** Parameter names in the order of the search space, for hover text. */
  readonly paramOrder: readonly string[];
  readonly theme: ChartTheme;
  /** Plotly keeps zoom and hidden traces while this stays the same (layout.uirevision). */
  readonly revision: string;
  readonly maxPointsPerCurve?: number;
  /** False where WebGL traces cannot draw (see webgl-support.ts); then every curve is SVG. */
  readonly webGlAvailable?: boolean;
  /** Forecasts of the metric drawn (the objective): a median line and an 80% band from each trial's last step. */
  readonly forecasts?: readonly TrialForecast[];
  /** The objective's direction, to rank frozen trials' forecasts (and curves) when there are too many to draw. */
  readonly objectiveMode?: 'min' | 'max';
  /**
   * The envelope of the curves not drawn on their own, as curveEnvelope(splitCurves(...).rest)
   * returns it; a caller that memoises it saves recomputing it for every pushed point. Computed
   * here when absent.
   */
  readonly envelope?: CurveEnvelope | null;
  /** splitCurves of this input, when the caller holds it already (useCurveSplit); computed here when absent. */
  readonly split?: CurveSplit;
}

export interface CurveEntry {
  readonly trial: CurveTrial;
  readonly series: MetricSeries;
}

export interface Figure {
  readonly data: Data[];
  readonly layout: Partial<Layout>;
}

/** Plotly renders a few tags in labels and hover text; trial output and names must stay text. */
export function escapeLabel(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function dashFor(state: Trial['state']): 'solid' | 'dot' | 'dash' | 'longdash' {
  if (state === 'failed') return 'dot';
  if (state === 'stopped') return 'dash';
  // Frozen trials stand apart from running ones: they may come back.
  if (state === 'frozen') return 'longdash';
  return 'solid';
}

/** Translucent fill in a trial's colour (#rrggbb or rgb(...)). */
function bandFill(color: string): string {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (hex) return `rgba(${parseInt(hex[1]!, 16)}, ${parseInt(hex[2]!, 16)}, ${parseInt(hex[3]!, 16)}, 0.15)`;
  const rgb = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/i.exec(color);
  return rgb ? `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, 0.15)` : 'rgba(128, 128, 128, 0.15)';
}

/**
 * The forecasts worth drawing: those of trials whose curve is drawn, live ones first, then frozen
 * ones by their forecast's median (best first), at most MAX_FORECAST_BANDS.
 */
export function forecastsToDraw(forecasts: readonly TrialForecast[], trials: readonly CurveTrial[], mode: 'min' | 'max'): { forecast: TrialForecast; trial: CurveTrial }[] {
  const byId = new Map(trials.map((trial) => [trial.id, trial]));
  const live = (trial: CurveTrial) => trial.state === 'running' || trial.state === 'paused';
  const sign = mode === 'min' ? 1 : -1;
  return forecasts
    .flatMap((forecast) => {
      const trial = byId.get(forecast.trialId);
      return trial && forecast.path.length > 1 && Number.isFinite(forecast.final.median) ? [{ forecast, trial }] : [];
    })
    .sort((a, b) => Number(live(b.trial)) - Number(live(a.trial)) || sign * (a.forecast.final.median - b.forecast.final.median) || a.trial.number - b.trial.number)
    .slice(0, MAX_FORECAST_BANDS);
}

/** Three SVG traces per forecast: the band's upper edge, its lower edge filled up to it, and the dashed median. */
function forecastTraces(forecast: TrialForecast, trial: CurveTrial, theme: ChartTheme): Data[] {
  const color = trialColor(trial.number, theme);
  const steps = forecast.path.map((band) => band.step);
  const common = { type: 'scatter', mode: 'lines', x: steps, showlegend: false, legendgroup: `trial-${trial.id}` } as const;
  const label = `<b>trial ${trial.number}</b> forecast (${forecast.basis})`;
  return [
    { ...common, uid: `forecast-high-${trial.id}`, y: forecast.path.map((band) => band.high), line: { width: 0, color }, hoverinfo: 'skip' },
    {
      ...common,
      uid: `forecast-low-${trial.id}`,
      y: forecast.path.map((band) => band.low),
      line: { width: 0, color },
      fill: 'tonexty',
      fillcolor: bandFill(color),
      hoverinfo: 'skip',
    },
    {
      ...common,
      uid: `forecast-median-${trial.id}`,
      y: forecast.path.map((band) => band.median),
      line: { width: 1.2, color, dash: 'dot' },
      text: forecast.path.map((band) => `${label}<br>median ${band.median.toPrecision(4)}, 80% band ${band.low.toPrecision(4)} to ${band.high.toPrecision(4)}`),
      hovertemplate: '%{text}<br>step %{x}<extra></extra>',
    },
  ];
}

export function trialColor(trialNumber: number, theme: ChartTheme): string {
  const colors = theme.colorway;
  return colors[(((trialNumber - 1) % colors.length) + colors.length) % colors.length] ?? '#888888';
}

/**
 * splitCurves (shared/curve-envelope.ts) with the renderer's limit: MAX_SEPARATE_CURVES_WEBGL where
 * WebGL traces draw, MAX_SEPARATE_CURVES where they cannot; `maxSeparate` overrides it.
 */
export function splitCurves(
  input: Pick<LearningCurvesInput, 'trials' | 'series' | 'bestTrialId' | 'webGlAvailable' | 'objectiveMode'> & { readonly maxSeparate?: number },
): { separate: CurveEntry[]; rest: CurveEntry[] } {
  const { separate, rest } = splitSharedCurves({
    trials: input.trials,
    series: input.series,
    bestTrialId: input.bestTrialId,
    maxSeparate: input.maxSeparate ?? separateCurveLimit(input.webGlAvailable ?? true),
    ...(input.objectiveMode === undefined ? {} : { objectiveMode: input.objectiveMode }),
  });
  return { separate, rest };
}

/** How many curves the chart draws on their own before the rest become an envelope. */
export function separateCurveLimit(webGlAvailable: boolean): number {
  return webGlAvailable ? MAX_SEPARATE_CURVES_WEBGL : MAX_SEPARATE_CURVES;
}

export interface CurveSplit {
  readonly separate: readonly CurveEntry[];
  readonly rest: readonly CurveEntry[];
}

type SplitInput = Pick<LearningCurvesInput, 'trials' | 'series'>;

/**
 * splitCurves(next) from splitCurves(previous) = `split`, when the two differ only in trials that
 * were live and still are, each drawn on its own before and after: their entries in `separate`
 * are replaced and `rest` is the same list. That is what a metrics push changes while a sweep
 * streams, and it spares walking and re-ranking ten thousand finished curves (and allocating an
 * entry for each) several times a second. Null when anything else changed (a trial added, ended,
 * removed, or a live one's first point), where splitCurves is needed. The caller checks that
 * bestTrialId, webGlAvailable and objectiveMode are the same.
 */
export function splitAfterLiveChanges(previous: SplitInput, split: CurveSplit, next: SplitInput): CurveSplit | null {
  if (previous.trials.length !== next.trials.length || previous.series.length !== next.series.length) return null;
  let changed: Map<number, CurveEntry> | null = null;
  let separateIds: Set<number> | null = null;
  for (let index = 0; index < next.trials.length; index += 1) {
    const before = previous.trials[index]!;
    const after = next.trials[index]!;
    const series = next.series[index];
    if (before === after && previous.series[index] === series) continue;
    if (before.id !== after.id || !isLiveCurve(before) || !isLiveCurve(after) || series === undefined || series.length === 0) return null;
    separateIds ??= new Set(split.separate.map((entry) => entry.trial.id));
    if (!separateIds.has(after.id)) return null;
    changed ??= new Map();
    changed.set(after.id, { trial: after, series });
  }
  if (changed === null) return split;
  const replacements = changed;
  return { separate: split.separate.map((entry) => replacements.get(entry.trial.id) ?? entry), rest: split.rest };
}

/** The envelope's three SVG traces: the band's upper edge, its lower edge filled up to it, the median. */
function envelopeTraces(envelope: CurveEnvelope, metricLabel: string, theme: ChartTheme): Data[] {
  const color = theme.mutedText;
  const common = { type: 'scatter', mode: 'lines', x: envelope.step, legendgroup: 'envelope' } as const;
  const name = `other ${envelope.curves} trials`;
  return [
    { ...common, uid: 'envelope-high', y: envelope.high, line: { width: 0, color }, showlegend: false, hoverinfo: 'skip' },
    { ...common, uid: 'envelope-low', y: envelope.low, line: { width: 0, color }, fill: 'tonexty', fillcolor: bandFill(color), showlegend: false, hoverinfo: 'skip' },
    {
      ...common,
      uid: 'envelope-median',
      name: `${name}: median, 10-90%`,
      y: envelope.median,
      line: { width: 1.5, color, dash: 'dot' },
      customdata: envelope.low.map((low, index) => [low, envelope.high[index]!]),
      hovertemplate: `<b>${name}</b><br>${metricLabel} median %{y:.4g}, 10-90%: %{customdata[0]:.4g} to %{customdata[1]:.4g}<br>step ~%{x:.0f}<extra></extra>`,
    },
  ];
}

/**
 * One line per trial that reported the metric, the best trial's drawn last (on top) and thicker;
 * beyond MAX_SEPARATE_CURVES (SVG) the rest as one envelope under them (see splitCurves).
 */
export function buildLearningCurves(input: LearningCurvesInput): Figure {
  const maxPoints = input.maxPointsPerCurve ?? CURVE_POINTS;
  const { separate, rest } = input.split ?? splitCurves(input);
  const curves = [...separate];
  const hasBest = input.bestTrialId !== null && curves.some((curve) => curve.trial.id === input.bestTrialId);
  curves.sort((a, b) => Number(a.trial.id === input.bestTrialId) - Number(b.trial.id === input.bestTrialId) || a.trial.number - b.trial.number);
  const useWebGl = (input.webGlAvailable ?? true) && curves.length > WEBGL_TRACE_THRESHOLD;
  const metricLabel = escapeLabel(input.metric);
  // A given envelope is drawn even with no curve left over here: metrics/summary sends the
  // envelope of finished curves in place of the curves themselves.
  const envelope = input.envelope !== undefined ? input.envelope : rest.length === 0 ? null : curveEnvelope(rest);

  const data = curves.map(({ trial, series }): Data => {
    const isBest = hasBest && trial.id === input.bestTrialId;
    const samples = decimate(series, maxPoints);
    const color = trialColor(trial.number, input.theme);
    const params = escapeLabel(formatParams(trial.params, input.paramOrder));
    const trace = {
      // Keeps a trace's user state (hidden from the legend) attached to its trial as others arrive.
      uid: `trial-${trial.id}`,
      mode: samples.length === 1 ? 'markers' : 'lines',
      name: isBest ? `#${trial.number} (best)` : `#${trial.number}`,
      x: samples.map((sample) => sample.step),
      y: samples.map((sample) => sample.value),
      line: { color, width: isBest ? 3.5 : 1.5, dash: dashFor(trial.state) },
      marker: { color, size: isBest ? 8 : 6 },
      opacity: hasBest && !isBest ? 0.6 : 1,
      // Free text goes through `text`, which Plotly does not parse for %{...} templates.
      text: `<b>trial ${trial.number}</b>${isBest ? ' (best)' : ''}<br>${params}<br>${metricLabel}`,
      hovertemplate: '%{text}: %{y:.4g}<br>step %{x}<extra></extra>',
    } as const satisfies Omit<ScatterData, 'type'> & Omit<ScatterglData, 'type'>;
    return useWebGl ? { ...trace, type: 'scattergl' } : { ...trace, type: 'scatter' };
  });
  // The envelope goes under the trials' own lines.
  if (envelope !== null) data.unshift(...envelopeTraces(envelope, metricLabel, input.theme));

  // Bands go under the curves: drawn first.
  const bands = input.forecasts ? forecastsToDraw(input.forecasts, curves.map((curve) => curve.trial), input.objectiveMode ?? 'min').flatMap(({ forecast, trial }) => forecastTraces(forecast, trial, input.theme)) : [];
  if (bands.length > 0) data.unshift(...bands);

  const axis = {
    gridcolor: input.theme.grid,
    zerolinecolor: input.theme.grid,
    linecolor: input.theme.axisLine,
    tickfont: { color: input.theme.mutedText },
    automargin: true,
  };

  const layout: Partial<Layout> = {
    uirevision: input.revision,
    autosize: true,
    // The top margin leaves room for Plotly's mode bar, which would otherwise cover the legend.
    margin: { l: 56, r: 12, t: 30, b: 40 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { family: input.theme.fontFamily, size: 12, color: input.theme.text },
    hovermode: 'closest',
    hoverlabel: { bgcolor: input.theme.hoverBackground, bordercolor: input.theme.hoverBorder, font: { color: input.theme.text } },
    showlegend: curves.length + (envelope === null ? 0 : 1) > 1 && curves.length <= MAX_LEGEND_ENTRIES,
    legend: { font: { size: 11, color: input.theme.mutedText }, itemclick: 'toggle', itemdoubleclick: 'toggleothers' },
    xaxis: { ...axis, title: { text: 'step', font: { color: input.theme.mutedText } } },
    yaxis: { ...axis, type: input.logScale ? 'log' : 'linear', title: { text: metricLabel, font: { color: input.theme.mutedText } } },
  };

  return { data, layout };
}
