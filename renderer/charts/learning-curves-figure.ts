import type { Data, Layout, ScatterData, ScatterglData } from 'plotly.js-dist-min';
import type { Trial } from '../../shared/domain';
import { formatParams } from '../lib/format';
import type { MetricSeries } from '../state/metrics-slice';
import type { ChartTheme } from './chart-theme';
import { decimate, MAX_POINTS_PER_CURVE } from './decimate';

/** Above this many curves, WebGL traces keep hovering and panning smooth; below, SVG looks crisper. */
export const WEBGL_TRACE_THRESHOLD = 50;
/** A legend for more curves than this would crowd out the plot; hover names the trial instead. */
export const MAX_LEGEND_ENTRIES = 12;

export type CurveTrial = Pick<Trial, 'id' | 'number' | 'state' | 'params'>;

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
}

export interface Figure {
  readonly data: Data[];
  readonly layout: Partial<Layout>;
}

/** Plotly renders a few tags in labels and hover text; trial output and names must stay text. */
export function escapeLabel(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function dashFor(state: Trial['state']): 'solid' | 'dot' | 'dash' {
  if (state === 'failed') return 'dot';
  if (state === 'stopped') return 'dash';
  return 'solid';
}

export function trialColor(trialNumber: number, theme: ChartTheme): string {
  const colors = theme.colorway;
  return colors[(((trialNumber - 1) % colors.length) + colors.length) % colors.length] ?? '#888888';
}

/** One line per trial that reported the metric, the best trial's drawn last (on top) and thicker. */
export function buildLearningCurves(input: LearningCurvesInput): Figure {
  const maxPoints = input.maxPointsPerCurve ?? MAX_POINTS_PER_CURVE;
  const curves: { trial: CurveTrial; series: MetricSeries }[] = [];
  input.trials.forEach((trial, index) => {
    const series = input.series[index];
    if (series !== undefined && series.length > 0) curves.push({ trial, series });
  });
  const hasBest = input.bestTrialId !== null && curves.some((curve) => curve.trial.id === input.bestTrialId);
  curves.sort((a, b) => Number(a.trial.id === input.bestTrialId) - Number(b.trial.id === input.bestTrialId) || a.trial.number - b.trial.number);
  const useWebGl = (input.webGlAvailable ?? true) && curves.length > WEBGL_TRACE_THRESHOLD;
  const metricLabel = escapeLabel(input.metric);

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
    showlegend: data.length > 1 && data.length <= MAX_LEGEND_ENTRIES,
    legend: { font: { size: 11, color: input.theme.mutedText }, itemclick: 'toggle', itemdoubleclick: 'toggleothers' },
    xaxis: { ...axis, title: { text: 'step', font: { color: input.theme.mutedText } } },
    yaxis: { ...axis, type: input.logScale ? 'log' : 'linear', title: { text: metricLabel, font: { color: input.theme.mutedText } } },
  };

  return { data, layout };
}
