import { describe, expect, it } from 'vitest';
import type { Data } from 'plotly.js-dist-min';
import { paramAxes, type ScoredTrial } from '../../../../renderer/charts/analysis-data';
import { LIGHT_CHART_THEME } from '../../../../renderer/charts/chart-theme';
import { buildSlices } from '../../../../renderer/charts/slice-figure';

const field = (trace: Data | undefined, name: string): unknown => (trace as Record<string, unknown> | undefined)?.[name];

const axes = paramAxes({
  lr: { type: 'float', low: 1e-4, high: 1e-1, log: true },
  layers: { type: 'int', low: 1, high: 4, log: false },
  optimizer: { type: 'categorical', choices: ['sgd', 'adam'] },
  momentum: { type: 'float', low: 0, high: 1, log: false, when: { optimizer: 'sgd' } },
});

const trials: ScoredTrial[] = [
  { id: 1, number: 1, value: 0.9, params: { lr: 1e-4, layers: 1, optimizer: 'sgd', momentum: 0.5 } },
  { id: 2, number: 2, value: 0.1, params: { lr: 1e-2, layers: 3, optimizer: 'adam' } },
];

describe('slice figure', () => {
  it('draws one panel per parameter with its own scale and the result on a shared axis', () => {
    const { data, layout } = buildSlices({ trials, axes, metric: 'loss', logScale: true, bestTrialId: 2, theme: LIGHT_CHART_THEME, revision: 'r' });
    expect(data).toHaveLength(4);
    expect(field(data[0], 'x')).toEqual([1e-4, 1e-2]);
    expect(field(data[2], 'x')).toEqual(['sgd', 'adam']);
    const axesLayout = layout as Record<string, { type?: string; matches?: string; categoryarray?: string[] }>;
    expect(axesLayout.xaxis?.type).toBe('log');
    expect(axesLayout.xaxis2?.type).toBe('linear');
    expect(axesLayout.xaxis3?.type).toBe('category');
    expect(axesLayout.xaxis3?.categoryarray).toEqual(['sgd', 'adam']);
    expect(axesLayout.yaxis?.type).toBe('log');
    expect(axesLayout.yaxis4?.matches).toBe('y');
  });

  it('leaves out trials where the parameter is inactive and marks the best trial', () => {
    const { data } = buildSlices({ trials, axes, metric: 'loss', logScale: false, bestTrialId: 2, theme: LIGHT_CHART_THEME, revision: 'r' });
    expect(field(data[3], 'x')).toEqual([0.5]);
    const sizes = (field(data[0], 'marker') as { size: number[] }).size;
    expect(sizes[1]).toBeGreaterThan(sizes[0]!);
  });
});
