import { describe, expect, it } from 'vitest';
import type { Data } from 'plotly.js-dist-min';
import { LIGHT_CHART_THEME } from '../../../../renderer/charts/chart-theme';
import { buildLearningCurves, escapeLabel, WEBGL_TRACE_THRESHOLD, type LearningCurvesInput } from '../../../../renderer/charts/learning-curves-figure';
import { trial } from '../fixtures';

function input(overrides: Partial<LearningCurvesInput> = {}): LearningCurvesInput {
  const trials = [trial({ id: 1, number: 1 }), trial({ id: 2, number: 2, state: 'failed' }), trial({ id: 3, number: 3 })];
  return {
    trials,
    series: [
      [{ step: 0, value: 1 }, { step: 1, value: 0.5 }],
      [{ step: 0, value: 2 }],
      undefined,
    ],
    metric: 'loss',
    logScale: false,
    bestTrialId: 1,
    paramOrder: ['lr', 'layers'],
    theme: LIGHT_CHART_THEME,
    revision: '1:loss:linear',
    ...overrides,
  };
}

function field(trace: Data | undefined, name: string): unknown {
  return (trace as Record<string, unknown> | undefined)?.[name];
}

const lineOf = (trace: Data | undefined) => field(trace, 'line') as { width: number; dash: string; color: string };

describe('learning curves figure', () => {
  it('draws one line per trial that reported the metric, the best one last and thicker', () => {
    const { data } = buildLearningCurves(input());
    expect(data.map((trace) => field(trace, 'name'))).toEqual(['#2', '#1 (best)']);
    expect(lineOf(data[1]).width).toBeGreaterThan(lineOf(data[0]).width);
    expect(field(data[1], 'x')).toEqual([0, 1]);
    expect(field(data[1], 'y')).toEqual([1, 0.5]);
  });

  it('marks a single-sample curve with a marker and a failed trial with a dotted line', () => {
    const { data } = buildLearningCurves(input());
    expect(field(data[0], 'mode')).toBe('markers');
    expect(lineOf(data[0]).dash).toBe('dot');
  });

  it('uses SVG traces for a few trials and WebGL above the threshold', () => {
    expect(field(buildLearningCurves(input()).data[0], 'type')).toBe('scatter');
    const many = Array.from({ length: WEBGL_TRACE_THRESHOLD + 1 }, (_, i) => trial({ id: i + 1, number: i + 1 }));
    const figure = buildLearningCurves(input({ trials: many, series: many.map(() => [{ step: 0, value: 1 }, { step: 1, value: 2 }]) }));
    expect(figure.data.every((trace) => field(trace, 'type') === 'scattergl')).toBe(true);
    expect(figure.layout.showlegend).toBe(false);
  });

  it('stays with SVG traces for many trials where the browser has no WebGL', () => {
    const many = Array.from({ length: WEBGL_TRACE_THRESHOLD + 1 }, (_, i) => trial({ id: i + 1, number: i + 1 }));
    const figure = buildLearningCurves(input({ trials: many, series: many.map(() => [{ step: 0, value: 1 }, { step: 1, value: 2 }]), webGlAvailable: false }));
    expect(figure.data.every((trace) => field(trace, 'type') === 'scatter')).toBe(true);
  });

  it('decimates curves longer than the limit', () => {
    const long = Array.from({ length: 10_000 }, (_, i) => ({ step: i, value: 1 / (i + 1) }));
    const { data } = buildLearningCurves(input({ series: [long, undefined, undefined], maxPointsPerCurve: 2000 }));
    expect((field(data[0], 'x') as number[]).length).toBeLessThanOrEqual(2000);
  });

  it('switches the y axis to log scale and keeps zoom per revision', () => {
    const { layout } = buildLearningCurves(input({ logScale: true, revision: 'r' }));
    expect(layout.yaxis?.type).toBe('log');
    expect(layout.uirevision).toBe('r');
  });

  it('keeps trial-provided text from being read as markup', () => {
    expect(escapeLabel('<img src=x>&')).toBe('&lt;img src=x&gt;&amp;');
    const { data } = buildLearningCurves(input({ trials: [trial({ id: 1, params: { name: '<b>x</b>' } })], series: [[{ step: 0, value: 1 }]], paramOrder: ['name'] }));
    expect(field(data[0], 'text')).toContain('name=&lt;b&gt;x&lt;/b&gt;');
  });

  it('gives each trace a uid tied to its trial, and a trial keeps its colour', () => {
    const first = buildLearningCurves(input());
    const second = buildLearningCurves(input({ bestTrialId: null }));
    expect(field(first.data[0], 'uid')).toBe('trial-2');
    const colourOf = (data: Data[], uid: string) => lineOf(data.find((t) => field(t, 'uid') === uid)).color;
    expect(colourOf(first.data, 'trial-1')).toBe(colourOf(second.data, 'trial-1'));
  });

  it('has no traces when no trial reported the metric', () => {
    expect(buildLearningCurves(input({ series: [undefined, undefined, undefined] })).data).toEqual([]);
  });
});
