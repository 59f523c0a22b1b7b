import { describe, expect, it } from 'vitest';
import type { Data } from 'plotly.js-dist-min';
import { LIGHT_CHART_THEME } from '../../../../renderer/charts/chart-theme';
import { buildTrialMetricFigure, orderMetrics } from '../../../../renderer/charts/trial-metric-figure';

function field(trace: Data | undefined, name: string): unknown {
  return (trace as Record<string, unknown> | undefined)?.[name];
}

const base = { metric: 'val_loss', isObjective: true, color: '#2f6fdb', theme: LIGHT_CHART_THEME, revision: '1:val_loss' };

describe('trial metric figure', () => {
  it('draws the series against step in the trial colour for the objective', () => {
    const { data, layout } = buildTrialMetricFigure({ ...base, series: [{ step: 0, value: 1 }, { step: 1, value: 0.5 }, { step: 2, value: 0.25 }] });
    expect(data).toHaveLength(1);
    expect(field(data[0], 'x')).toEqual([0, 1, 2]);
    expect(field(data[0], 'y')).toEqual([1, 0.5, 0.25]);
    expect(field(data[0], 'mode')).toBe('lines');
    expect((field(data[0], 'line') as { color: string }).color).toBe('#2f6fdb');
    expect(layout.uirevision).toBe('1:val_loss');
  });

  it('draws another metric muted, and a single sample as a marker', () => {
    const { data } = buildTrialMetricFigure({ ...base, metric: 'lr', isObjective: false, series: [{ step: 3, value: 0.1 }] });
    expect(field(data[0], 'mode')).toBe('markers');
    expect((field(data[0], 'line') as { color: string }).color).toBe(LIGHT_CHART_THEME.mutedText);
  });

  it('thins a long curve and escapes a metric name that looks like markup', () => {
    const series = Array.from({ length: 5000 }, (_, step) => ({ step, value: Math.sin(step) }));
    const { data } = buildTrialMetricFigure({ ...base, metric: '<b>acc</b>', series, maxPoints: 200 });
    expect((field(data[0], 'x') as number[]).length).toBeLessThanOrEqual(200);
    expect(field(data[0], 'text')).toBe('&lt;b&gt;acc&lt;/b&gt;');
  });

  it('puts the objective first and the other metrics by name', () => {
    expect(orderMetrics(['train_loss', 'accuracy', 'val_loss'], 'val_loss')).toEqual(['val_loss', 'accuracy', 'train_loss']);
    expect(orderMetrics(['b', 'a'], 'val_loss')).toEqual(['a', 'b']);
  });
});
