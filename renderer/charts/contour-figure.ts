import type { Data, LayoutAxis } from 'plotly.js-dist-min';
import { formatParams } from '../lib/format';
import { axisExtent, axisPosition, type ParamAxis, type ScoredTrial } from './analysis-data';
import { axisStyle, axisTitle, baseLayout, resultColorscale, reverseForMode } from './analysis-layout';
import type { ChartTheme } from './chart-theme';
import { bestTrials, MAX_SCATTER_MARKERS } from './density';
import { escapeLabel, type Figure } from './learning-curves-figure';

/**
 * The result over a chosen pair of parameters: the trials as points, and under them a contour of
 * the result interpolated between the trials by inverse-distance weighting (distances measured
 * with both axes scaled to 0..1 on their own scales). The interpolation is a picture of the
 * sample, not a model: it is drawn only with enough trials, and the legend calls it interpolated.
 */

export const CONTOUR_GRID = 30;
/** Fewer trials with both parameters than this and only the points are drawn. */
export const MIN_CONTOUR_TRIALS = 5;

export interface ContourInput {
  readonly trials: readonly ScoredTrial[];
  readonly x: ParamAxis;
  readonly y: ParamAxis;
  readonly metric: string;
  readonly mode: 'min' | 'max';
  readonly bestTrialId: number | null;
  readonly theme: ChartTheme;
  readonly revision: string;
}

interface Located {
  readonly trial: ScoredTrial;
  readonly px: number;
  readonly py: number;
}

/** Where a position is drawn: 10^position on a log axis (Plotly takes real values there). */
function toPlot(axis: ParamAxis, position: number): number {
  return axis.scale === 'log' ? 10 ** position : position;
}

function axisLayout(axis: ParamAxis): Partial<LayoutAxis> {
  switch (axis.scale) {
    case 'log':
      return { type: 'log', exponentformat: 'e' };
    case 'linear':
      return { type: 'linear' };
    case 'category':
      // Categories sit at their index so the contour can span them; ticks carry the labels.
      return {
        type: 'linear',
        tickmode: 'array',
        tickvals: axis.categories.map((_, index) => index),
        ticktext: [...axis.categories],
        range: [-0.5, axis.categories.length - 0.5],
      };
  }
}

/** Grid positions along an axis: every category index, or CONTOUR_GRID steps across the extent. */
export function gridPositions(axis: ParamAxis, count: number = CONTOUR_GRID): number[] {
  const [low, high] = axisExtent(axis);
  if (axis.scale === 'category') return axis.categories.map((_, index) => index);
  if (high === low) return [low];
  return Array.from({ length: count }, (_, index) => low + (index * (high - low)) / (count - 1));
}

/**
 * Inverse-distance weighting (power 2) of `values` at `points` onto the grid; coordinates in 0..1.
 * A grid point on a sample takes the mean of the samples there.
 */
export function inverseDistanceGrid(
  points: readonly { readonly u: number; readonly v: number; readonly value: number }[],
  us: readonly number[],
  vs: readonly number[],
): number[][] {
  return vs.map((v) =>
    us.map((u) => {
      let weights = 0;
      let sum = 0;
      let exactSum = 0;
      let exactCount = 0;
      for (const point of points) {
        const d2 = (point.u - u) ** 2 + (point.v - v) ** 2;
        if (d2 < 1e-12) {
          exactSum += point.value;
          exactCount += 1;
          continue;
        }
        const weight = 1 / d2;
        weights += weight;
        sum += weight * point.value;
      }
      return exactCount > 0 ? exactSum / exactCount : sum / weights;
    }),
  );
}

export function buildContour(input: ContourInput): Figure {
  const { theme, x, y } = input;
  const metric = escapeLabel(input.metric);
  const paramOrder = [x.name, y.name];
  const located: Located[] = input.trials.flatMap((trial) => {
    const px = axisPosition(x, trial.params[x.name]);
    const py = axisPosition(y, trial.params[y.name]);
    return px === null || py === null ? [] : [{ trial, px, py }];
  });
  const [xLow, xHigh] = axisExtent(x);
  const [yLow, yHigh] = axisExtent(y);
  const unit = (position: number, low: number, high: number) => (high === low ? 0.5 : (position - low) / (high - low));
  const distinct = (values: number[]) => new Set(values).size;
  const data: Data[] = [];

  if (located.length >= MIN_CONTOUR_TRIALS && distinct(located.map((p) => p.px)) >= 2 && distinct(located.map((p) => p.py)) >= 2) {
    const xs = gridPositions(x);
    const ys = gridPositions(y);
    const z = inverseDistanceGrid(
      located.map((point) => ({ u: unit(point.px, xLow, xHigh), v: unit(point.py, yLow, yHigh), value: point.trial.value })),
      xs.map((position) => unit(position, xLow, xHigh)),
      ys.map((position) => unit(position, yLow, yHigh)),
    );
    data.push({
      type: 'contour',
      name: 'interpolated',
      x: xs.map((position) => toPlot(x, position)),
      y: ys.map((position) => toPlot(y, position)),
      z,
      colorscale: resultColorscale(theme),
      reversescale: reverseForMode(input.mode),
      opacity: 0.85,
      contours: { coloring: 'heatmap', showlines: true },
      line: { width: 0.5, color: 'rgba(0,0,0,0.25)' },
      colorbar: { title: { text: `${metric} (interpolated)`, side: 'right', font: { color: theme.mutedText } }, tickfont: { color: theme.mutedText }, thickness: 12, outlinewidth: 0 },
      hovertemplate: `interpolated ${metric}: %{z:.4g}<extra></extra>`,
    });
  }
  // The interpolation above uses every trial; as SVG markers thousands would take seconds to draw.
  const kept = located.length > MAX_SCATTER_MARKERS ? new Set(bestTrials(located.map((point) => point.trial), input.mode)) : null;
  const marked = kept === null ? located : located.filter((point) => kept.has(point.trial));
  const isBest = marked.map((point) => point.trial.id === input.bestTrialId);
  data.push({
    type: 'scatter',
    mode: 'markers',
    name: kept === null ? 'trials' : `best ${marked.length} of ${located.length} trials`,
    x: marked.map((point) => toPlot(x, point.px)),
    y: marked.map((point) => toPlot(y, point.py)),
    text: marked.map(({ trial }) => `<b>trial ${trial.number}</b><br>${escapeLabel(formatParams(trial.params, paramOrder))}`),
    customdata: marked.map(({ trial }) => trial.value),
    hovertemplate: `%{text}<br>${metric}: %{customdata:.4g}<extra></extra>`,
    marker: {
      size: isBest.map((best) => (best ? 14 : 8)),
      symbol: isBest.map((best) => (best ? 'star' : 'circle')),
      color: isBest.map((best) => (best ? (theme.colorway[3] ?? '#c8364a') : theme.hoverBackground)),
      line: { color: theme.text, width: 1 },
    },
  });
  const style = axisStyle(theme);
  return {
    data,
    layout: {
      ...baseLayout(theme, input.revision),
      margin: { l: 56, r: 12, t: 16, b: 40 },
      xaxis: { ...style, ...axisLayout(x), title: axisTitle(escapeLabel(x.name), theme) },
      yaxis: { ...style, ...axisLayout(y), title: axisTitle(escapeLabel(y.name), theme) },
    },
  };
}
