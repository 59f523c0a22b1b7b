import { describe, expect, it } from 'vitest';
import type { Data } from 'plotly.js-dist-min';
import { LIGHT_CHART_THEME } from '../../../../renderer/charts/chart-theme';
import {
  buildLearningCurves,
  curveEnvelope,
  CURVE_POINTS,
  escapeLabel,
  HIGHLIGHTED_CURVES,
  MAX_SEPARATE_CURVES,
  splitAfterLiveChanges,
  splitCurves,
  WEBGL_TRACE_THRESHOLD,
  type LearningCurvesInput,
} from '../../../../renderer/charts/learning-curves-figure';
import { ENVELOPE_SLACK, envelopeStillFits, sameCurves } from '../../../../renderer/charts/use-curve-envelope';
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
    // By default, the dashboard's own limit (it redraws for every push).
    const drawn = field(buildLearningCurves(input({ series: [long, undefined, undefined] })).data[0], 'x') as number[];
    expect(drawn.length).toBeLessThanOrEqual(CURVE_POINTS);
    expect(drawn.length).toBeGreaterThan(CURVE_POINTS - 4);
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

describe('learning curves figure: forecast bands', () => {
  const band = (step: number, median: number) => ({ step, median, low: median - 0.1, high: median + 0.1 });
  const forecast = (trialId: number, median: number) => ({
    trialId,
    final: band(10, median),
    path: [band(1, median + 0.3), band(5, median + 0.1), band(10, median)],
    basis: 'ensemble' as const,
  });

  it('draws each forecast under the curves as a filled 80% band and a dotted median from the last step', () => {
    const { data, layout } = buildLearningCurves(input({ forecasts: [forecast(1, 0.2)] }));
    expect(data).toHaveLength(5);
    const [high, low, middle] = data;
    const close = (values: unknown) => (values as number[]).map((value) => Number(value.toFixed(9)));
    expect(close(field(high, 'y'))).toEqual([0.6, 0.4, 0.3]);
    expect(close(field(low, 'y'))).toEqual([0.4, 0.2, 0.1]);
    expect(field(low, 'fill')).toBe('tonexty');
    expect(field(middle, 'x')).toEqual([1, 5, 10]);
    expect(lineOf(middle).dash).toBe('dot');
    // The curves still come after, the best last, and the legend counts curves only.
    expect(data.slice(3).map((trace) => field(trace, 'name'))).toEqual(['#2', '#1 (best)']);
    expect(layout.showlegend).toBe(true);
  });

  it('skips forecasts of trials without a drawn curve, and of a finished path', () => {
    const finished = { ...forecast(1, 0.2), path: [band(10, 0.2)] };
    expect(buildLearningCurves(input({ forecasts: [forecast(3, 0.2), forecast(99, 0.1), finished] })).data).toHaveLength(2);
  });

  it('draws at most a dozen, running trials first, then the frozen ones heading lowest (highest when maximising)', () => {
    const trials = Array.from({ length: 20 }, (_, i) => trial({ id: i + 1, number: i + 1, state: i < 3 ? 'running' : 'frozen' }));
    const series = trials.map(() => [{ step: 1, value: 1 }]);
    const forecasts = trials.map((t) => forecast(t.id, t.id / 100));
    const drawn = (mode: 'min' | 'max') => {
      const { data } = buildLearningCurves(input({ trials, series, forecasts, objectiveMode: mode, bestTrialId: null }));
      return data.filter((trace) => String(field(trace, 'uid')).startsWith('forecast-median-')).map((trace) => Number(String(field(trace, 'uid')).split('-').at(-1)));
    };
    expect(drawn('min')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(drawn('max')).toEqual([3, 2, 1, 20, 19, 18, 17, 16, 15, 14, 13, 12]);
  });

  it('draws frozen trials with a long dash, unlike running ones', () => {
    const { data } = buildLearningCurves(input({ trials: [trial({ id: 1, number: 1, state: 'frozen' })], series: [[{ step: 1, value: 1 }, { step: 2, value: 0.8 }]] }));
    expect(lineOf(data[0]).dash).toBe('longdash');
  });

  describe('with more curves than draw one by one (no WebGL)', () => {
    const count = 10_000;
    const trials = Array.from({ length: count }, (_, i) => trial({ id: i + 1, number: i + 1, state: i >= count - 4 ? 'running' : 'completed', value: i >= count - 4 ? null : 1 + (i % 500) / 100 }));
    // Trial i's curve sits at its own level, i % 100, over 100 steps.
    const series = trials.map((_, i) => Array.from({ length: 100 }, (__, step) => ({ step, value: i % 100 })));
    const many = input({ trials, series, webGlAvailable: false, bestTrialId: 501, objectiveMode: 'min' });

    it('draws live trials, the best and the best finished ones on their own, the rest as one median and 10-90% band', () => {
      const { separate, rest } = splitCurves(many);
      expect(separate.length).toBeLessThanOrEqual(MAX_SEPARATE_CURVES);
      expect(separate.filter((curve) => curve.trial.state === 'running')).toHaveLength(4);
      expect(separate.some((curve) => curve.trial.id === 501)).toBe(true);
      expect(separate).toHaveLength(4 + HIGHLIGHTED_CURVES);
      // The lowest results (value 1, every 500th trial) are the ones kept.
      expect(separate.filter((curve) => curve.trial.state === 'completed').every((curve) => curve.trial.value! <= 1.0)).toBe(true);
      expect(separate.length + rest.length).toBe(count);

      const figure = buildLearningCurves(many);
      expect(figure.data).toHaveLength(3 + separate.length);
      const median = figure.data.find((trace) => field(trace, 'uid') === 'envelope-median');
      expect(field(median, 'name')).toBe(`other ${rest.length} trials: median, 10-90%`);
      expect(figure.layout.showlegend).toBe(false);
    });

    it('puts the envelope at the quantiles of the curves, per step bucket', () => {
      const envelope = curveEnvelope(splitCurves(many).rest, 10)!;
      expect(envelope.step).toHaveLength(10);
      // Levels 0..99, evenly, less the few trials drawn on their own.
      expect(envelope.median.every((value) => value === 49 || value === 50)).toBe(true);
      expect(envelope.low.every((value) => value === 9 || value === 10)).toBe(true);
      expect(envelope.high.every((value) => value === 89 || value === 90)).toBe(true);
    });

    it('draws a summary\'s envelope (from the back end) under the curves held, though none is left over here', () => {
      const { separate, rest } = splitCurves(many);
      const envelope = curveEnvelope(rest)!;
      const held = input({ trials: separate.map((curve) => curve.trial), series: separate.map((curve) => curve.series), webGlAvailable: false, bestTrialId: 501, envelope });
      const figure = buildLearningCurves(held);
      expect(figure.data).toHaveLength(3 + separate.length);
      expect(figure.data.slice(0, 3).map((trace) => field(trace, 'uid'))).toEqual(['envelope-high', 'envelope-low', 'envelope-median']);
      expect(field(figure.data[2], 'y')).toEqual(envelope.median);
      expect(field(figure.data[2], 'name')).toBe(`other ${rest.length} trials: median, 10-90%`);
    });

    it('leaves out what is not finite and is null for nothing to draw', () => {
      const entry = (id: number, values: number[]) => ({ trial: trial({ id, number: id }), series: values.map((value, step) => ({ step, value })) });
      expect(curveEnvelope([entry(1, [Number.NaN, Number.NaN])])).toBeNull();
      expect(curveEnvelope([])).toBeNull();
      const envelope = curveEnvelope([entry(1, [1, Number.NaN]), entry(2, [3, 5])], 2)!;
      expect(envelope.median).toEqual([1, 5]);
      // Placed at the steps of the values, not between them.
      expect(envelope.step).toEqual([0, 1]);
    });

    it('sees a moved curve as a change of the envelope\'s input, and a new list of the same curves as none', () => {
      const { rest } = splitCurves(many);
      expect(sameCurves(rest, [...rest])).toBe(true);
      const moved = rest.map((curve, index) => (index === 7 ? { ...curve, series: [...curve.series] } : curve));
      expect(sameCurves(rest, moved)).toBe(false);
    });

    it('carries the split over when only live trials moved, and gives up (null) when a trial ended or came', () => {
      const split = splitCurves(many);
      const live = count - 2;
      const grown = [...many.series[live]!, { step: 100, value: 0.5 }];
      const pushed = { trials: many.trials.map((t, i) => (i === live ? { ...t, lastStep: 100 } : t)), series: many.series.map((s, i) => (i === live ? grown : s)) };
      const carried = splitAfterLiveChanges(many, split, pushed)!;
      expect(carried.rest).toBe(split.rest);
      expect(carried).toEqual(splitCurves({ ...many, ...pushed }));
      expect(carried.separate.find((curve) => curve.trial.id === live + 1)?.series).toBe(grown);
      // Nothing moved: the same split.
      expect(splitAfterLiveChanges(many, split, { trials: many.trials, series: [...many.series] })).toBe(split);
      // A live trial finished: it may join the envelope or the best, so the split is computed anew.
      const ended = { trials: many.trials.map((t, i) => (i === live ? { ...t, state: 'completed' as const, value: 0.1 } : t)), series: many.series };
      expect(splitAfterLiveChanges(many, split, ended)).toBeNull();
      // A trial came.
      expect(splitAfterLiveChanges(many, split, { trials: [...many.trials, trial({ id: count + 1, number: count + 1, state: 'running' })], series: [...many.series, undefined] })).toBeNull();
      // A finished curve changed (a late point): it is summarised in the envelope, so anew too.
      expect(splitAfterLiveChanges(many, split, { trials: many.trials, series: many.series.map((s, i) => (i === 3 ? [...s!] : s)) })).toBeNull();
    });

    it('is kept while only a few finished curves joined it, and computed again once they are more or one changed', () => {
      const entry = (id: number) => ({ trial: trial({ id, number: id }), series: [{ step: 1, value: id }] });
      const before = Array.from({ length: 500 }, (_, i) => entry(i + 1));
      const few = Math.floor(ENVELOPE_SLACK * before.length);
      const joined = [...before, ...Array.from({ length: few }, (_, i) => entry(1000 + i))];
      expect(envelopeStillFits(before, joined)).toBe(true);
      expect(envelopeStillFits(before, [...joined, entry(2000)])).toBe(false);
      // One of the curves it summarises moved or left: it no longer fits.
      expect(envelopeStillFits(before, joined.map((curve, index) => (index === 3 ? { ...curve, series: [...curve.series] } : curve)))).toBe(false);
      expect(envelopeStillFits(before, [...joined.slice(1), entry(3000)])).toBe(false);
    });
  });
});
