import type { Layout } from 'plotly.js-dist-min';
import type { MetricSeries } from '../state/metrics-slice';
import type { ChartTheme } from './chart-theme';
import { decimate, MAX_POINTS_PER_CURVE } from './decimate';
import { escapeLabel, type Figure } from './learning-curves-figure';

export interface TrialMetricInput {
  readonly metric: string;
  readonly series: MetricSeries;
  /** The experiment's objective is drawn in the trial's colour, other metrics in a muted one. */
  readonly isObjective: boolean;
  readonly color: string;
  readonly theme: ChartTheme;
  /** Plotly keeps zoom while this stays the same (layout.uirevision). */
  readonly revision: string;
  readonly maxPoints?: number;
}

/** One small chart: one metric of one trial against step. */
export function buildTrialMetricFigure(input: TrialMetricInput): Figure {
  const samples = decimate(input.series, input.maxPoints ?? MAX_POINTS_PER_CURVE);
  const color = input.isObjective ? input.color : input.theme.mutedText;
  const label = escapeLabel(input.metric);
  const axis = {
    gridcolor: input.theme.grid,
    zerolinecolor: input.theme.grid,
    linecolor: input.theme.axisLine,
    tickfont: { color: input.theme.mutedText, size: 10 },
    automargin: true,
  };
  const layout: Partial<Layout> = {
    uirevision: input.revision,
    autosize: true,
    margin: { l: 44, r: 8, t: 8, b: 28 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { family: input.theme.fontFamily, size: 11, color: input.theme.text },
    hovermode: 'closest',
    hoverlabel: { bgcolor: input.theme.hoverBackground, bordercolor: input.theme.hoverBorder, font: { color: input.theme.text } },
    showlegend: false,
    xaxis: { ...axis, title: { text: 'step', font: { color: input.theme.mutedText, size: 10 } } },
    yaxis: { ...axis },
  };
  return {
    data: [
      {
        type: 'scatter',
        mode: samples.length === 1 ? 'markers' : 'lines',
        name: label,
        x: samples.map((sample) => sample.step),
        y: samples.map((sample) => sample.value),
        line: { color, width: 2 },
        marker: { color, size: 6 },
        // Free text goes through `text`, which Plotly does not parse for %{...} templates.
        text: label,
        hovertemplate: '%{text}: %{y:.4g}<br>step %{x}<extra></extra>',
      },
    ],
    layout,
  };
}

/** The objective first, then the other metrics by name: the order of the small charts. */
export function orderMetrics(names: readonly string[], objective: string): string[] {
  const rest = names.filter((name) => name !== objective).sort();
  return names.includes(objective) ? [objective, ...rest] : rest;
}
