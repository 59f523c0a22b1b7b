import { describe, expect, it } from 'vitest';
import type { Data } from 'plotly.js-dist-min';
import type { ScoredTrial } from '../../../../renderer/charts/analysis-data';
import { LIGHT_CHART_THEME } from '../../../../renderer/charts/chart-theme';
import { buildOptimizationHistory, HISTORY_WEBGL_THRESHOLD } from '../../../../renderer/charts/optimization-history-figure';

const field = (trace: Data | undefined, name: string): unknown => (trace as Record<string, unknown> | undefined)?.[name];

function scored(values: readonly number[]): ScoredTrial[] {
  return values.map((value, index) => ({ id: index + 1, number: index + 1, value, params: { lr: 0.01 } }));
}

const base = { metric: 'loss', mode: 'min' as const, logScale: false, paramOrder: ['lr'], theme: LIGHT_CHART_THEME, revision: 'r' };

describe('optimisation history figure', () => {
  it('plots each result by trial number and the best so far as a step line', () => {
    const { data } = buildOptimizationHistory({ ...base, trials: scored([0.9, 0.4, 0.6, 0.2]) });
    expect(field(data[0], 'x')).toEqual([1, 2, 3, 4]);
    expect(field(data[0], 'y')).toEqual([0.9, 0.4, 0.6, 0.2]);
    expect(field(data[1], 'name')).toBe('best so far');
    expect(field(data[1], 'y')).toEqual([0.9, 0.4, 0.4, 0.2]);
    expect((field(data[1], 'line') as { shape: string }).shape).toBe('hv');
  });

  it('follows a maximised objective and a log axis', () => {
    const { data, layout } = buildOptimizationHistory({ ...base, mode: 'max', logScale: true, trials: scored([0.5, 0.9, 0.7]) });
    expect(field(data[1], 'y')).toEqual([0.5, 0.9, 0.9]);
    expect(layout.yaxis?.type).toBe('log');
  });

  it('switches the markers to WebGL only for many trials and only where WebGL draws', () => {
    const many = scored(Array.from({ length: HISTORY_WEBGL_THRESHOLD + 1 }, (_, index) => index));
    expect(field(buildOptimizationHistory({ ...base, trials: many }).data[0], 'type')).toBe('scattergl');
    expect(field(buildOptimizationHistory({ ...base, trials: many, webGlAvailable: false }).data[0], 'type')).toBe('scatter');
    expect(field(buildOptimizationHistory({ ...base, trials: scored([1, 2]) }).data[0], 'type')).toBe('scatter');
  });
});
