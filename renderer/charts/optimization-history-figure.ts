import type { Data } from 'plotly.js-dist-min';
import { formatParams } from '../lib/format';
import { axisStyle, axisTitle, baseLayout } from './analysis-layout';
import { bestSoFar, type ScoredTrial } from './analysis-data';
import type { ChartTheme } from './chart-theme';
import { bestTrials, densityGrid, densityTrace, MAX_SCATTER_MARKERS } from './density';
import { escapeLabel, type Figure } from './learning-curves-figure';

/** Above this many trials the markers are drawn with WebGL (where it can draw). */
export const HISTORY_WEBGL_THRESHOLD = 1000;

export interface OptimizationHistoryInput {
  readonly trials: readonly ScoredTrial[];
  readonly metric: string;
  readonly mode: 'min' | 'max';
  readonly logScale: boolean;
  readonly paramOrder: readonly string[];
  readonly theme: ChartTheme;
  readonly revision: string;
  readonly webGlAvailable?: boolean;
}

/**
 * Each completed trial's result against its number, and the best so far as a step line. Beyond
 * MAX_SCATTER_MARKERS trials without WebGL: a density of all results, markers for the best ones.
 */
export function buildOptimizationHistory(input: OptimizationHistoryInput): Figure {
  const { trials, theme } = input;
  const numbers = trials.map((trial) => trial.number);
  const values = trials.map((trial) => trial.value);
  const best = bestSoFar(values, input.mode);
  const webGl = input.webGlAvailable ?? true;
  const useWebGl = webGl && trials.length > HISTORY_WEBGL_THRESHOLD;
  const dense = !webGl && trials.length > MAX_SCATTER_MARKERS;
  const density = dense ? densityGrid(trials.map((trial) => ({ x: trial.number, y: trial.value })), 'linear', input.logScale ? 'log' : 'linear') : null;
  const marked = dense ? bestTrials(trials, input.mode) : trials;
  const metric = escapeLabel(input.metric);
  const results = {
    name: dense ? `best ${marked.length} results` : 'result',
    mode: 'markers',
    x: marked.map((trial) => trial.number),
    y: marked.map((trial) => trial.value),
    marker: { color: dense ? theme.colorway[3] : theme.colorway[0], size: dense ? 6 : 7, opacity: 0.75 },
    text: marked.map((trial) => escapeLabel(formatParams(trial.params, input.paramOrder))),
    hovertemplate: `<b>trial %{x}</b><br>${metric}: %{y:.4g}<br>%{text}<extra></extra>`,
  } as const;
  const bestLine = {
    name: 'best so far',
    mode: 'lines',
    x: numbers,
    y: best,
    line: { color: theme.colorway[1], width: 2.5, shape: 'hv' },
    hovertemplate: `best so far after trial %{x}: %{y:.4g}<extra></extra>`,
  } as const;
  const data: Data[] = [useWebGl ? { ...results, type: 'scattergl' } : { ...results, type: 'scatter' }, { ...bestLine, type: 'scatter' }];
  // Last, so the traces keep their places; Plotly draws heatmaps under markers whatever the order.
  if (density !== null) data.push(densityTrace(density, theme));
  const axis = axisStyle(theme);
  return {
    data,
    layout: {
      ...baseLayout(theme, input.revision),
      showlegend: true,
      legend: { orientation: 'h', x: 0, y: 1.12, font: { size: 11, color: theme.mutedText } },
      xaxis: { ...axis, title: axisTitle('trial', theme), rangemode: 'tozero' },
      yaxis: { ...axis, type: input.logScale ? 'log' : 'linear', title: axisTitle(metric, theme) },
    },
  };
}
