import { describe, expect, it } from 'vitest';
import type { Data } from 'plotly.js-dist-min';
import { paramAxes, type ScoredTrial } from '../../../../renderer/charts/analysis-data';
import { LIGHT_CHART_THEME } from '../../../../renderer/charts/chart-theme';
import {
  buildParallelCoordinates,
  colorBand,
  COLOR_BANDS,
  INACTIVE_POSITION,
  lineOpacity,
  MAX_LINES,
  MAX_RESULT_POINTS,
  numericTicks,
  paramColumn,
  rankSample,
} from '../../../../renderer/charts/parallel-coordinates-figure';

const field = (trace: Data | undefined, name: string): unknown => (trace as Record<string, unknown> | undefined)?.[name];

const axes = paramAxes({
  lr: { type: 'float', low: 1e-4, high: 1e-1, log: true },
  optimizer: { type: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] },
  momentum: { type: 'float', low: 0, high: 1, log: false, when: { optimizer: 'sgd' } },
});

const trials: ScoredTrial[] = [
  { id: 1, number: 1, value: 0.9, params: { lr: 1e-4, optimizer: 'sgd', momentum: 0.5 } },
  { id: 2, number: 2, value: 0.1, params: { lr: 1e-2, optimizer: 'adam' } },
  { id: 3, number: 3, value: 0.5, params: { lr: 1e-1, optimizer: 'rmsprop' } },
];

const input = { trials, axes, metric: 'loss', mode: 'min' as const, logScale: false, bestTrialId: 2, theme: LIGHT_CHART_THEME, revision: 'r' };

describe('parallel coordinates figure', () => {
  it('places log parameters by their logarithm and labels the decades with real values', () => {
    const column = paramColumn(axes[0]!, trials);
    expect(column.place(trials[0]!)).toBeCloseTo(0);
    expect(column.place(trials[1]!)).toBeCloseTo(2 / 3);
    expect(column.ticks.map((tick) => tick.label)).toEqual(['1e-4', '0.001', '0.01', '0.1']);
  });

  it('labels categorical axes with their choices, in the order of the space', () => {
    const column = paramColumn(axes[1]!, trials);
    expect(column.ticks.map((tick) => [tick.at, tick.label])).toEqual([[0, 'sgd'], [0.5, 'adam'], [1, 'rmsprop']]);
    expect(column.place(trials[2]!)).toBe(1);
  });

  it('puts trials whose conditional parameter is inactive on an "inactive" tick below the axis', () => {
    const column = paramColumn(axes[2]!, trials);
    expect(column.place(trials[1]!)).toBe(INACTIVE_POSITION);
    expect(column.ticks.at(-1)).toEqual({ at: INACTIVE_POSITION, label: 'inactive' });
  });

  it('draws each trial as one polyline through every axis and the result, the best one on top', () => {
    const { data, layout } = buildParallelCoordinates(input);
    const lines = data.filter((trace) => field(trace, 'mode') === 'lines' && field(trace, 'name') !== 'best');
    const points = lines.flatMap((trace) => (field(trace, 'x') as (number | null)[]).filter((x) => x !== null));
    expect(points).toHaveLength(trials.length * 4);
    const best = data.find((trace) => field(trace, 'name') === 'best');
    expect(field(best, 'y')).toHaveLength(4);
    expect((field(best, 'y') as number[])[3]).toBe(0);
    expect(layout.annotations?.filter((note) => typeof note.text === 'string' && note.text.startsWith('<b>'))).toHaveLength(4);
    // Only SVG traces: Plotly's parcoords needs eval, which the app's CSP forbids.
    expect(data.every((trace) => field(trace, 'type') === 'scatter')).toBe(true);
  });

  it('colours the best results brightest for either direction', () => {
    expect(colorBand(0, 'min')).toBe(COLOR_BANDS - 1);
    expect(colorBand(1, 'min')).toBe(0);
    expect(colorBand(1, 'max')).toBe(COLOR_BANDS - 1);
  });

  it('keeps per-trial points on the result axis only up to a limit, and the colour bar always', () => {
    const many: ScoredTrial[] = Array.from({ length: MAX_RESULT_POINTS + 1 }, (_, index) => ({ id: index + 1, number: index + 1, value: index, params: { lr: 0.01, optimizer: 'adam' } }));
    const points = (list: ScoredTrial[]) => buildParallelCoordinates({ ...input, trials: list }).data.find((trace) => field(trace, 'name') === 'trials');
    expect(field(points(trials), 'y')).toHaveLength(3);
    expect(field(points(many), 'y')).toHaveLength(2);
    expect((field(points(many), 'marker') as { showscale: boolean }).showscale).toBe(true);
  });

  it('draws an even sample across results as lines beyond the limit, and still the best trial', () => {
    const many: ScoredTrial[] = Array.from({ length: 5 * MAX_LINES }, (_, index) => ({ id: index + 1, number: index + 1, value: (index * 7) % (5 * MAX_LINES), params: { lr: 0.01, optimizer: 'adam' } }));
    const { data } = buildParallelCoordinates({ ...input, trials: many, bestTrialId: 3 });
    const lines = data.filter((trace) => field(trace, 'mode') === 'lines' && field(trace, 'name') !== 'best');
    const drawn = lines.flatMap((trace) => (field(trace, 'x') as (number | null)[]).filter((x) => x === null));
    expect(drawn).toHaveLength(MAX_LINES);
    // Every colour band keeps lines: the sample spans the results.
    expect(lines).toHaveLength(COLOR_BANDS);
    expect(data.some((trace) => field(trace, 'name') === 'best')).toBe(true);
    const sample = rankSample(many, 5).map((trial) => trial.value);
    expect(sample[0]).toBe(0);
    expect(sample[4]).toBe(5 * MAX_LINES - 1);
    expect(sample).toEqual([...sample].sort((a, b) => a - b));
  });

  it('draws lines fainter as trials grow into the thousands', () => {
    expect(lineOpacity(10)).toBe(0.55);
    expect(lineOpacity(10_000)).toBeLessThan(0.1);
    expect(lineOpacity(1_000_000)).toBeGreaterThan(0);
  });

  it('ticks linear axes evenly and narrow log ranges at their ends', () => {
    expect(numericTicks(0, 1, false).map((tick) => tick.label)).toEqual(['0', '0.25', '0.5', '0.75', '1']);
    expect(numericTicks(Math.log10(0.2), Math.log10(0.5), true).map((tick) => tick.at)).toEqual([0, 0.5, 1]);
  });
});
