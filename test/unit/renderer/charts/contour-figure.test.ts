import { describe, expect, it } from 'vitest';
import type { Data } from 'plotly.js-dist-min';
import { paramAxes, type ScoredTrial } from '../../../../renderer/charts/analysis-data';
import { LIGHT_CHART_THEME } from '../../../../renderer/charts/chart-theme';
import { buildContour, CONTOUR_GRID, gridPositions, inverseDistanceGrid } from '../../../../renderer/charts/contour-figure';

const field = (trace: Data | undefined, name: string): unknown => (trace as Record<string, unknown> | undefined)?.[name];

const [lr, optimizer, dropout] = paramAxes({
  lr: { type: 'float', low: 1e-4, high: 1e-1, log: true },
  optimizer: { type: 'categorical', choices: ['sgd', 'adam'] },
  dropout: { type: 'float', low: 0, high: 0.5, log: false },
});

function grid(count: number): ScoredTrial[] {
  return Array.from({ length: count }, (_, index) => ({
    id: index + 1,
    number: index + 1,
    value: index,
    params: { lr: 10 ** (-4 + (3 * index) / (count - 1)), optimizer: index % 2 === 0 ? 'sgd' : 'adam', dropout: (0.5 * ((index * 7) % count)) / count },
  }));
}

const base = { metric: 'loss', mode: 'min' as const, bestTrialId: 1, theme: LIGHT_CHART_THEME, revision: 'r' };

describe('contour figure', () => {
  it('interpolates exactly through the samples and between them', () => {
    const z = inverseDistanceGrid([{ u: 0, v: 0, value: 0 }, { u: 1, v: 0, value: 10 }], [0, 0.5, 1], [0]);
    expect(z).toEqual([[0, 5, 10]]);
  });

  it('spans a log axis in real values on a grid even in its logarithm', () => {
    const positions = gridPositions(lr!);
    expect(positions).toHaveLength(CONTOUR_GRID);
    const { data, layout } = buildContour({ ...base, trials: grid(12), x: lr!, y: dropout! });
    const contour = data.find((trace) => field(trace, 'type') === 'contour');
    const xs = field(contour, 'x') as number[];
    expect(xs[0]).toBeCloseTo(1e-4);
    expect(xs.at(-1)).toBeCloseTo(1e-1);
    expect(layout.xaxis?.type).toBe('log');
    expect((field(contour, 'z') as number[][])).toHaveLength(CONTOUR_GRID);
  });

  it('puts categories at their index with their labels as ticks', () => {
    const { data, layout } = buildContour({ ...base, trials: grid(12), x: optimizer!, y: dropout! });
    const points = data.find((trace) => field(trace, 'name') === 'trials');
    expect(new Set(field(points, 'x') as number[])).toEqual(new Set([0, 1]));
    expect(layout.xaxis?.ticktext).toEqual(['sgd', 'adam']);
  });

  it('draws only the points when there are too few trials to interpolate', () => {
    const { data } = buildContour({ ...base, trials: grid(4), x: lr!, y: dropout! });
    expect(data.map((trace) => field(trace, 'type'))).toEqual(['scatter']);
    expect(field(data[0], 'x')).toHaveLength(4);
  });
});
