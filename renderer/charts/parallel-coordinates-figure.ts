import type { Annotation, Data, Shape } from 'plotly.js-dist-min';
import { formatParams, formatValue } from '../lib/format';
import { axisExtent, axisPosition, type ParamAxis, type ScoredTrial } from './analysis-data';
import { baseLayout, resultColorscale, reverseForMode } from './analysis-layout';
import type { ChartTheme } from './chart-theme';
import { escapeLabel, type Figure } from './learning-curves-figure';

/**
 * Parallel coordinates drawn with plain SVG line traces rather than Plotly's `parcoords`: that
 * trace draws with WebGL through regl, which compiles shaders with `new Function`, and our CSP
 * forbids eval (see webgl-support.ts). Each axis is scaled to 0..1 on its own scale (log10 for log
 * parameters, the choice's index for categories) and labelled with real values; trials whose
 * conditional parameter is inactive sit on an "inactive" tick below that axis.
 */

/** Lines are grouped into this many colour bands, one trace each (thousands of traces would not draw). */
export const COLOR_BANDS = 8;
/** Where an inactive (missing) value is drawn, below the axis's 0..1. */
export const INACTIVE_POSITION = -0.1;

/**
 * Above this many trials the result axis gets no per-trial points: each is an SVG node (WebGL is
 * not available under our CSP), and thousands of them make the plot slow to draw. The colour bar
 * stays, carried by an invisible two-point trace.
 */
export const MAX_RESULT_POINTS = 2000;

/**
 * Above this many trials only an even sample of them is drawn as lines: every k-th trial in order
 * of result, so each colour band keeps its share. Lines are SVG (see above) and 10,000 of them take
 * seconds to draw; at the opacity that many need, the sample looks the same.
 */
export const MAX_LINES = 2000;

/** `count` trials evenly spaced in order of result (the first and the last among them). */
export function rankSample<T extends { readonly value: number }>(trials: readonly T[], count: number): T[] {
  if (trials.length <= count) return [...trials];
  const sorted = [...trials].sort((a, b) => a.value - b.value);
  return Array.from({ length: count }, (_, index) => sorted[Math.round((index * (sorted.length - 1)) / (count - 1))]!);
}

/** Thousands of opaque lines are one blob; fainter lines with more trials keep the density readable. */
export function lineOpacity(trialCount: number): number {
  return Math.min(0.55, Math.max(0.04, 0.55 * Math.sqrt(200 / Math.max(1, trialCount))));
}

export interface ParallelCoordinatesInput {
  readonly trials: readonly ScoredTrial[];
  readonly axes: readonly ParamAxis[];
  readonly metric: string;
  readonly mode: 'min' | 'max';
  /** Draw the result on a log axis (only when every result is positive). */
  readonly logScale: boolean;
  readonly bestTrialId: number | null;
  readonly theme: ChartTheme;
  readonly revision: string;
}

interface Tick {
  readonly at: number;
  readonly label: string;
}

/** A column of the plot: how to place a trial on it, and its labelled ticks. */
export interface Column {
  readonly title: string;
  readonly place: (trial: ScoredTrial) => number | null;
  readonly ticks: readonly Tick[];
}

function normalise(position: number, low: number, high: number): number {
  return high === low ? 0.5 : (position - low) / (high - low);
}

/** About five ticks on a linear axis; the decades (and the ends) on a log axis. */
export function numericTicks(low: number, high: number, log: boolean): Tick[] {
  if (!(high > low)) return [{ at: 0.5, label: formatValue(log ? 10 ** low : low) }];
  if (log) {
    const ticks: Tick[] = [];
    for (let decade = Math.ceil(low - 1e-9); decade <= Math.floor(high + 1e-9); decade += 1) {
      ticks.push({ at: normalise(decade, low, high), label: formatValue(10 ** decade) });
    }
    if (ticks.length >= 2) return ticks;
    return [0, 0.5, 1].map((at) => ({ at, label: formatValue(10 ** (low + at * (high - low))) }));
  }
  return [0, 0.25, 0.5, 0.75, 1].map((at) => ({ at, label: formatValue(low + at * (high - low)) }));
}

export function paramColumn(axis: ParamAxis, trials: readonly ScoredTrial[]): Column {
  const [low, high] = axisExtent(axis);
  const place = (trial: ScoredTrial) => {
    const position = axisPosition(axis, trial.params[axis.name]);
    return position === null ? INACTIVE_POSITION : normalise(position, low, high);
  };
  const ticks: Tick[] =
    axis.scale === 'category'
      ? axis.categories.map((label, index) => ({ at: normalise(index, low, high), label }))
      : numericTicks(low, high, axis.scale === 'log');
  const anyInactive = trials.some((trial) => axisPosition(axis, trial.params[axis.name]) === null);
  return { title: axis.name, place, ticks: anyInactive ? [...ticks, { at: INACTIVE_POSITION, label: 'inactive' }] : ticks };
}

export function resultColumn(trials: readonly ScoredTrial[], metric: string, logScale: boolean): Column {
  const log = logScale && trials.every((trial) => trial.value > 0);
  const positions = trials.map((trial) => (log ? Math.log10(trial.value) : trial.value));
  const low = Math.min(...positions);
  const high = Math.max(...positions);
  return {
    title: metric,
    place: (trial) => normalise(log ? Math.log10(trial.value) : trial.value, low, high),
    ticks: numericTicks(low, high, log),
  };
}

/** Which colour band a trial's result falls in, 0 the worst and COLOR_BANDS - 1 the best. */
export function colorBand(resultPosition: number, mode: 'min' | 'max'): number {
  const band = Math.min(COLOR_BANDS - 1, Math.max(0, Math.floor(resultPosition * COLOR_BANDS)));
  return mode === 'min' ? COLOR_BANDS - 1 - band : band;
}

export function buildParallelCoordinates(input: ParallelCoordinatesInput): Figure {
  const { trials, theme } = input;
  const result = resultColumn(trials, escapeLabel(input.metric), input.logScale);
  const columns = [...input.axes.map((axis) => paramColumn(axis, trials)), result];
  const last = columns.length - 1;
  const paramOrder = input.axes.map((axis) => axis.name);

  // One polyline per trial, grouped into colour bands; null separates the trials within a trace.
  const bands: { x: (number | null)[]; y: (number | null)[] }[] = Array.from({ length: COLOR_BANDS }, () => ({ x: [], y: [] }));
  let best: { x: number[]; y: number[] } | null = null;
  const resultPositions: number[] = [];
  const drawn = trials.length > MAX_LINES ? new Set(rankSample(trials, MAX_LINES)) : null;
  for (const trial of trials) {
    const ys = columns.map((column) => column.place(trial) ?? INACTIVE_POSITION);
    const resultPosition = ys[last] ?? 0;
    resultPositions.push(resultPosition);
    if (trial.id === input.bestTrialId) best = { x: ys.map((_, index) => index), y: ys };
    if (drawn !== null && !drawn.has(trial)) continue;
    const band = bands[colorBand(resultPosition, input.mode)]!;
    ys.forEach((y, index) => {
      band.x.push(index);
      band.y.push(y);
    });
    band.x.push(null);
    band.y.push(null);
  }

  const data: Data[] = bands.flatMap((band, goodness) =>
    band.x.length === 0
      ? []
      : [
          {
            type: 'scatter',
            mode: 'lines',
            name: `band ${goodness + 1}`,
            x: band.x,
            y: band.y,
            connectgaps: false,
            // Bright is good whatever the direction: band index is goodness.
            line: { color: theme.resultScale[goodness] ?? theme.resultScale[0], width: 1.2 },
            opacity: lineOpacity(drawn?.size ?? trials.length),
            hoverinfo: 'skip',
          } satisfies Data,
        ],
  );
  if (best !== null) {
    const { x, y } = best;
    data.push({ type: 'scatter', mode: 'lines', name: 'best', x, y, line: { color: theme.colorway[3], width: 3.5 }, hoverinfo: 'skip' });
  }
  // Points on the result axis carry the hover text and the colour bar; with very many trials only
  // the colour bar is kept (see MAX_RESULT_POINTS).
  const withPoints = trials.length <= MAX_RESULT_POINTS;
  data.push({
    type: 'scatter',
    mode: 'markers',
    name: 'trials',
    x: withPoints ? trials.map(() => last) : [last, last],
    y: withPoints ? resultPositions : [0, 1],
    text: withPoints ? trials.map((trial) => `<b>trial ${trial.number}</b><br>${escapeLabel(formatParams(trial.params, paramOrder))}`) : [],
    customdata: withPoints ? trials.map((trial) => trial.value) : [],
    hovertemplate: `%{text}<br>${result.title}: %{customdata:.4g}<extra></extra>`,
    hoverinfo: withPoints ? undefined : 'skip',
    marker: {
      size: 6,
      opacity: withPoints ? 1 : 0,
      color: withPoints ? resultPositions : [0, 1],
      cmin: 0,
      cmax: 1,
      colorscale: resultColorscale(theme),
      reversescale: reverseForMode(input.mode),
      showscale: true,
      colorbar: {
        title: { text: result.title, side: 'right', font: { color: theme.mutedText } },
        tickvals: result.ticks.map((tick) => tick.at),
        ticktext: result.ticks.map((tick) => tick.label),
        tickfont: { color: theme.mutedText },
        thickness: 12,
        outlinewidth: 0,
      },
    },
  });

  const hasInactive = columns.some((column) => column.ticks.some((tick) => tick.at === INACTIVE_POSITION));
  const bottom = hasInactive ? INACTIVE_POSITION : 0;
  const shapes: Partial<Shape>[] = columns.map((_, index) => ({
    type: 'line',
    xref: 'x',
    yref: 'y',
    x0: index,
    x1: index,
    y0: bottom,
    y1: 1,
    line: { color: theme.axisLine, width: 1.5 },
    layer: 'below',
  }));
  const annotations: Partial<Annotation>[] = columns.flatMap((column, index) => [
    { x: index, y: 1, yshift: 16, text: `<b>${escapeLabel(column.title)}</b>`, showarrow: false, xref: 'x', yref: 'y', font: { size: 12, color: theme.text } },
    ...column.ticks.map(
      (tick): Partial<Annotation> => ({
        x: index,
        y: tick.at,
        text: escapeLabel(tick.label),
        showarrow: false,
        xref: 'x',
        yref: 'y',
        xanchor: 'right',
        xshift: -4,
        // Lines pass behind the labels; a backing keeps them legible.
        bgcolor: theme.hoverBackground,
        opacity: 0.9,
        borderpad: 1,
        font: { size: 10, color: theme.mutedText },
      }),
    ),
  ]);

  return {
    data,
    layout: {
      ...baseLayout(theme, input.revision),
      margin: { l: 64, r: 12, t: 36, b: 16 },
      xaxis: { range: [-0.45, last + 0.25], visible: false, fixedrange: true },
      yaxis: { range: [bottom - 0.06, 1.08], visible: false, fixedrange: true },
      shapes,
      annotations,
    },
  };
}
