import type { Data } from 'plotly.js-dist-min';
import type { ScoredTrial } from './analysis-data';
import type { ChartTheme } from './chart-theme';

/**
 * Above this many trials the analysis scatter plots draw a density (one heatmap, drawn as one
 * image) with only the best trials as markers: each marker is an SVG node (WebGL traces are not
 * available under our CSP, see webgl-support.ts), and ten thousand of them take seconds to draw and
 * to redraw whenever a trial completes.
 */
export const MAX_SCATTER_MARKERS = 500;
/** How many of the best trials keep their own marker (and hover) over the density. */
export const DENSITY_MARKERS = 100;
export const DENSITY_BINS_X = 60;
export const DENSITY_BINS_Y = 40;

export type DensityScale = 'linear' | 'log' | { readonly categories: readonly string[] };

export interface DensityPoint {
  readonly x: number | string;
  readonly y: number;
}

/** Counts per cell: `z[row][column]`, null where empty (drawn transparent). Edges are in data units. */
export interface DensityGrid {
  readonly x: (number | string)[];
  readonly y: number[];
  readonly z: (number | null)[][];
  readonly total: number;
}

/** Where a value falls among `bins` equal spans of [low, high] (log10 spans for a log scale); null off the scale. */
function edgesOf(values: readonly number[], scale: 'linear' | 'log', bins: number): { edges: number[]; binOf: (value: number) => number | null } | null {
  const usable = values.filter((value) => Number.isFinite(value) && (scale === 'linear' || value > 0)).map((value) => (scale === 'log' ? Math.log10(value) : value));
  if (usable.length === 0) return null;
  let low = Math.min(...usable);
  let high = Math.max(...usable);
  if (high === low) {
    low -= 0.5;
    high += 0.5;
  }
  const width = (high - low) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, index) => {
    const edge = low + index * width;
    return scale === 'log' ? 10 ** edge : edge;
  });
  const binOf = (value: number) => {
    if (!Number.isFinite(value) || (scale === 'log' && value <= 0)) return null;
    const position = scale === 'log' ? Math.log10(value) : value;
    return Math.min(bins - 1, Math.max(0, Math.floor((position - low) / width)));
  };
  return { edges, binOf };
}

/**
 * A 2-D histogram of the points: x on `xScale` (categories get one column each), y on `yScale`.
 * Points off a scale (a category not listed, a value <= 0 on a log axis) are left out. Null when
 * none is left.
 */
export function densityGrid(points: readonly DensityPoint[], xScale: DensityScale, yScale: 'linear' | 'log', binsX: number = DENSITY_BINS_X, binsY: number = DENSITY_BINS_Y): DensityGrid | null {
  const ys = edgesOf(points.map((point) => point.y), yScale, binsY);
  let xs: { edges: (number | string)[]; binOf: (value: number | string) => number | null } | null;
  if (typeof xScale === 'object') {
    const index = new Map(xScale.categories.map((category, position) => [category, position]));
    xs = { edges: [...xScale.categories], binOf: (value) => index.get(String(value)) ?? null };
  } else {
    const numeric = edgesOf(points.flatMap((point) => (typeof point.x === 'number' ? [point.x] : [])), xScale, binsX);
    xs = numeric === null ? null : { edges: numeric.edges, binOf: (value) => (typeof value === 'number' ? numeric.binOf(value) : null) };
  }
  if (ys === null || xs === null) return null;
  const columns = typeof xScale === 'object' ? xScale.categories.length : binsX;
  const z: (number | null)[][] = Array.from({ length: binsY }, () => new Array<number | null>(columns).fill(null));
  let total = 0;
  for (const point of points) {
    const column = xs.binOf(point.x);
    const row = ys.binOf(point.y);
    if (column === null || row === null) continue;
    const zRow = z[row]!;
    zRow[column] = (zRow[column] ?? 0) + 1;
    total += 1;
  }
  return total === 0 ? null : { x: xs.edges, y: ys.edges, z, total };
}

/** The best `count` trials by result, in their original order. */
export function bestTrials(trials: readonly ScoredTrial[], mode: 'min' | 'max', count: number = DENSITY_MARKERS): ScoredTrial[] {
  const sign = mode === 'min' ? 1 : -1;
  const chosen = new Set([...trials].sort((a, b) => sign * (a.value - b.value) || a.number - b.number).slice(0, count));
  return trials.filter((trial) => chosen.has(trial));
}

/** A #rrggbb colour with an alpha, as rgba(); other forms are returned as they are. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  return hex ? `rgba(${parseInt(hex[1]!, 16)}, ${parseInt(hex[2]!, 16)}, ${parseInt(hex[3]!, 16)}, ${alpha})` : color;
}

/** The heatmap trace of a density: shades of the markers' colour, empty cells transparent, hover gives the count. */
export function densityTrace(grid: DensityGrid, theme: ChartTheme, axes: { readonly xaxis?: string; readonly yaxis?: string } = {}): Data {
  const color = theme.colorway[0] ?? '#2f6fdb';
  return {
    type: 'heatmap',
    name: `all ${grid.total} trials (density)`,
    ...axes,
    x: grid.x,
    y: grid.y,
    z: grid.z,
    zmin: 1,
    colorscale: [
      [0, withAlpha(color, 0.18)],
      [1, withAlpha(color, 0.9)],
    ],
    showscale: false,
    hovertemplate: '%{z} trials<extra></extra>',
  };
}
