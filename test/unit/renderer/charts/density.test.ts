import { describe, expect, it } from 'vitest';
import type { Data } from 'plotly.js-dist-min';
import { LIGHT_CHART_THEME } from '../../../../renderer/charts/chart-theme';
import { bestTrials, densityGrid, MAX_SCATTER_MARKERS, DENSITY_MARKERS } from '../../../../renderer/charts/density';
import { buildOptimizationHistory } from '../../../../renderer/charts/optimization-history-figure';
import { buildSlices } from '../../../../renderer/charts/slice-figure';
import { buildContour } from '../../../../renderer/charts/contour-figure';
import { paramAxes, scoredTrials } from '../../../../renderer/charts/analysis-data';
import { trial } from '../fixtures';

const field = (trace: Data | undefined, name: string) => (trace as Record<string, unknown> | undefined)?.[name];

function manyTrials(count: number) {
  return scoredTrials(
    Array.from({ length: count }, (_, index) =>
      trial({ id: index + 1, number: index + 1, state: 'completed', value: 1 + ((index * 7919) % 1000) / 100, params: { lr: 10 ** (-4 + (3 * ((index * 31) % 97)) / 97), layers: 1 + (index % 4) } }),
    ),
  );
}

describe('density of many trials', () => {
  it('counts every point once, in the cell of its value, and leaves empty cells null', () => {
    const grid = densityGrid([{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 10, y: 10 }, { x: 5, y: 0 }], 'linear', 'linear', 2, 2)!;
    expect(grid.total).toBe(4);
    expect(grid.x).toEqual([0, 5, 10]);
    expect(grid.y).toEqual([0, 5, 10]);
    expect(grid.z).toEqual([
      [1, 1],
      [null, 2],
    ]);
  });

  it('bins a log scale by decade and leaves out values it cannot place', () => {
    const grid = densityGrid([{ x: 1, y: 0.001 }, { x: 1, y: 1 }, { x: 1, y: -1 }, { x: 2, y: 0 }], 'linear', 'log', 1, 3)!;
    expect(grid.total).toBe(2);
    expect(grid.y.map((edge) => Math.round(Math.log10(edge)))).toEqual([-3, -2, -1, 0]);
    expect(grid.z.map((row) => row[0])).toEqual([1, null, 1]);
  });

  it('gives each category its own column', () => {
    const grid = densityGrid([{ x: 'adam', y: 1 }, { x: 'sgd', y: 2 }, { x: 'sgd', y: 2 }, { x: 'other', y: 2 }], { categories: ['sgd', 'adam'] }, 'linear', 10, 1)!;
    expect(grid.x).toEqual(['sgd', 'adam']);
    expect(grid.z).toEqual([[2, 1]]);
  });

  it('keeps the best trials by the objective direction', () => {
    const trials = manyTrials(50);
    const lowest = bestTrials(trials, 'min', 3).map((entry) => entry.value).sort((a, b) => a - b);
    expect(lowest).toEqual([...trials.map((entry) => entry.value)].sort((a, b) => a - b).slice(0, 3));
    const highest = bestTrials(trials, 'max', 1)[0]!.value;
    expect(highest).toBe(Math.max(...trials.map((entry) => entry.value)));
  });

  it('draws 10,000 trials without WebGL as a density under the best trials\u2019 markers, in history, slices and contour', () => {
    const trials = manyTrials(10_000);
    const axes = paramAxes({ lr: { type: 'float', low: 0.0001, high: 0.1, log: true }, layers: { type: 'int', low: 1, high: 4, log: false } });
    const common = { trials, metric: 'loss', mode: 'min' as const, logScale: false, theme: LIGHT_CHART_THEME, revision: 'r', webGlAvailable: false };
    const history = buildOptimizationHistory({ ...common, paramOrder: ['lr', 'layers'] });
    const heatmap = history.data.find((trace) => field(trace, 'type') === 'heatmap');
    expect((field(heatmap, 'z') as (number | null)[][]).flat().reduce<number>((sum, count) => sum + (count ?? 0), 0)).toBe(10_000);
    expect((field(history.data[0], 'x') as number[]).length).toBe(DENSITY_MARKERS);
    // The best-so-far line still runs over every trial.
    expect((field(history.data[1], 'x') as number[]).length).toBe(10_000);

    const slices = buildSlices({ ...common, axes, bestTrialId: null });
    expect(slices.data.filter((trace) => field(trace, 'type') === 'heatmap')).toHaveLength(2);
    expect(slices.data.filter((trace) => field(trace, 'type') === 'scatter').every((trace) => (field(trace, 'x') as unknown[]).length <= DENSITY_MARKERS)).toBe(true);

    const contour = buildContour({ trials, x: axes[0]!, y: axes[1]!, metric: 'loss', mode: 'min', bestTrialId: null, theme: LIGHT_CHART_THEME, revision: 'r' });
    const markers = contour.data.find((trace) => field(trace, 'mode') === 'markers');
    expect((field(markers, 'x') as unknown[]).length).toBe(DENSITY_MARKERS);
  });

  it('keeps one marker per trial up to the limit', () => {
    const trials = manyTrials(MAX_SCATTER_MARKERS);
    const history = buildOptimizationHistory({ trials, metric: 'loss', mode: 'min', logScale: false, theme: LIGHT_CHART_THEME, revision: 'r', webGlAvailable: false, paramOrder: [] });
    expect(history.data.some((trace) => field(trace, 'type') === 'heatmap')).toBe(false);
    expect((field(history.data[0], 'x') as number[]).length).toBe(MAX_SCATTER_MARKERS);
  });
});
