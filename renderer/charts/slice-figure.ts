import type { Annotation, Data, LayoutAxis } from 'plotly.js-dist-min';
import { formatParams } from '../lib/format';
import { axisPosition, type ParamAxis, type ScoredTrial } from './analysis-data';
import { axisStyle, axisTitle, baseLayout } from './analysis-layout';
import type { ChartTheme } from './chart-theme';
import { bestTrials, densityGrid, densityTrace, MAX_SCATTER_MARKERS, type DensityScale } from './density';
import { escapeLabel, type Figure } from './learning-curves-figure';

/** Above this many points per panel the markers are drawn with WebGL (where it can draw). */
export const SLICE_WEBGL_THRESHOLD = 1000;
export const SLICE_COLUMNS = 3;

export interface SliceInput {
  readonly trials: readonly ScoredTrial[];
  readonly axes: readonly ParamAxis[];
  readonly metric: string;
  readonly logScale: boolean;
  readonly bestTrialId: number | null;
  readonly theme: ChartTheme;
  readonly revision: string;
  readonly webGlAvailable?: boolean;
  /** Which results are best: the markers kept over a density (see density.ts). */
  readonly mode?: 'min' | 'max';
}

/** Plotly names a figure's axes x, x2, x3 ... in data and xaxis, xaxis2 ... in the layout. */
function axisId(letter: 'x' | 'y', index: number): string {
  return index === 0 ? letter : `${letter}${index + 1}`;
}

function layoutKey(letter: 'x' | 'y', index: number): string {
  return index === 0 ? `${letter}axis` : `${letter}axis${index + 1}`;
}

/** The x-axis settings for a parameter: log or category where it is one. */
export function paramAxisLayout(axis: ParamAxis): Partial<LayoutAxis> {
  switch (axis.scale) {
    case 'log':
      // 1e-4 rather than Plotly's SI prefix (100µ), which reads oddly for a learning rate.
      return { type: 'log', exponentformat: 'e' };
    case 'linear':
      return { type: 'linear' };
    case 'category':
      return { type: 'category', categoryorder: 'array', categoryarray: [...axis.categories] };
  }
}

/** The value as it goes on the x axis: a category's label, otherwise the number. */
export function plotValue(axis: ParamAxis, trial: ScoredTrial): number | string | null {
  const value = trial.params[axis.name];
  if (axisPosition(axis, value) === null || value === undefined) return null;
  return axis.scale === 'category' ? String(value) : (value as number);
}

function densityScale(axis: ParamAxis): DensityScale {
  return axis.scale === 'category' ? { categories: axis.categories } : axis.scale;
}

/**
 * One panel per parameter: each completed trial's result against that parameter's value. Beyond
 * MAX_SCATTER_MARKERS trials without WebGL: a density per panel, markers for the best trials.
 */
export function buildSlices(input: SliceInput): Figure {
  const { axes, theme } = input;
  const columns = Math.min(SLICE_COLUMNS, Math.max(1, axes.length));
  const rows = Math.max(1, Math.ceil(axes.length / columns));
  const webGl = input.webGlAvailable ?? true;
  const useWebGl = webGl && input.trials.length > SLICE_WEBGL_THRESHOLD;
  const dense = !webGl && input.trials.length > MAX_SCATTER_MARKERS;
  const marked = dense ? new Set(bestTrials(input.trials, input.mode ?? 'min')) : null;
  const metric = escapeLabel(input.metric);
  const paramOrder = axes.map((axis) => axis.name);
  const style = axisStyle(theme);
  const gapX = 0.06;
  const gapY = rows > 1 ? 0.14 : 0;

  const data: Data[] = [];
  // Appended after the panels' markers, so trace i stays panel i; Plotly draws heatmaps under markers anyway.
  const densities: Data[] = [];
  const layoutAxes: Record<string, Partial<LayoutAxis>> = {};
  const annotations: Partial<Annotation>[] = [];
  axes.forEach((axis, index) => {
    const column = index % columns;
    const row = Math.floor(index / columns);
    const x0 = column / columns + (column > 0 ? gapX / 2 : 0);
    const x1 = (column + 1) / columns - (column < columns - 1 ? gapX / 2 : 0);
    const y1 = 1 - row / rows - (row > 0 ? gapY / 2 : 0);
    const y0 = 1 - (row + 1) / rows + (row < rows - 1 ? gapY / 2 : 0);
    const all = input.trials.flatMap((trial) => {
      const x = plotValue(axis, trial);
      return x === null ? [] : [{ trial, x }];
    });
    const points = marked === null ? all : all.filter((point) => marked.has(point.trial));
    if (marked !== null) {
      const grid = densityGrid(all.map((point) => ({ x: point.x, y: point.trial.value })), densityScale(axis), input.logScale ? 'log' : 'linear');
      if (grid !== null) densities.push(densityTrace(grid, theme, { xaxis: axisId('x', index), yaxis: axisId('y', index) }));
    }
    const isBest = points.map(({ trial }) => trial.id === input.bestTrialId);
    const trace = {
      name: axis.name,
      mode: 'markers',
      xaxis: axisId('x', index),
      yaxis: axisId('y', index),
      x: points.map((point) => point.x),
      y: points.map((point) => point.trial.value),
      text: points.map(({ trial }) => `<b>trial ${trial.number}</b><br>${escapeLabel(formatParams(trial.params, paramOrder))}`),
      hovertemplate: `%{text}<br>${metric}: %{y:.4g}<extra></extra>`,
      marker: {
        size: isBest.map((best) => (best ? 11 : 7)),
        color: isBest.map((best) => (best ? (theme.colorway[3] ?? '#c8364a') : (theme.colorway[0] ?? '#2f6fdb'))),
        opacity: 0.75,
      },
    } as const;
    data.push(useWebGl ? { ...trace, type: 'scattergl' } : { ...trace, type: 'scatter' });
    layoutAxes[layoutKey('x', index)] = {
      ...style,
      ...paramAxisLayout(axis),
      domain: [x0, x1],
      anchor: axisId('y', index),
    } as Partial<LayoutAxis>;
    layoutAxes[layoutKey('y', index)] = {
      ...style,
      type: input.logScale ? 'log' : 'linear',
      domain: [y0, y1],
      anchor: axisId('x', index),
      ...(index > 0 ? { matches: 'y' } : {}),
      ...(column === 0 ? { title: axisTitle(metric, theme) } : { showticklabels: false }),
    } as Partial<LayoutAxis>;
    annotations.push({
      text: `<b>${escapeLabel(axis.name)}</b>`,
      showarrow: false,
      xref: 'paper',
      yref: 'paper',
      x: (x0 + x1) / 2,
      y: y1,
      yanchor: 'bottom',
      font: { size: 12, color: theme.text },
    });
  });

  return {
    data: [...data, ...densities],
    layout: {
      ...baseLayout(theme, input.revision),
      margin: { l: 56, r: 12, t: 24, b: 36 },
      ...layoutAxes,
      annotations,
    },
  };
}
