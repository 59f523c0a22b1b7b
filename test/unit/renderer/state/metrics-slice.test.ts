import { describe, expect, it } from 'vitest';
import { appendMetrics, emptyMetrics, loadMetrics, loadSeries, loadSummary, loadTrialSeries, mergeSeries, metricNamesOf, removeMetricsOf } from '../../../../renderer/state/metrics-slice';
import { point } from '../fixtures';

describe('metrics slice', () => {
  it('appends in-order samples to the end of a series', () => {
    expect(mergeSeries([{ step: 0, value: 1 }], [{ step: 1, value: 0.5 }, { step: 2, value: 0.4 }], 'incoming-wins')).toEqual([
      { step: 0, value: 1 },
      { step: 1, value: 0.5 },
      { step: 2, value: 0.4 },
    ]);
  });

  it('a re-sent step replaces the earlier sample and the series stays sorted', () => {
    const held = [{ step: 0, value: 1 }, { step: 1, value: 0.9 }, { step: 2, value: 0.8 }];
    expect(mergeSeries(held, [{ step: 1, value: 0.7 }], 'incoming-wins')).toEqual([
      { step: 0, value: 1 },
      { step: 1, value: 0.7 },
      { step: 2, value: 0.8 },
    ]);
  });

  it('within one batch the later sample for a step wins', () => {
    expect(mergeSeries([], [{ step: 3, value: 1 }, { step: 3, value: 2 }], 'held-wins')).toEqual([{ step: 3, value: 2 }]);
  });

  it('returns the same series when nothing arrives', () => {
    const held = [{ step: 0, value: 1 }];
    expect(mergeSeries(held, [], 'incoming-wins')).toBe(held);
  });

  it('stores pushed points per trial and metric name', () => {
    const data = appendMetrics(emptyMetrics, [point(1, 0, 1), point(1, 0, 0.3, 'acc'), point(1, 1, 0.8)], {});
    expect(data.byTrial[1]?.loss).toEqual([{ step: 0, value: 1 }, { step: 1, value: 0.8 }]);
    expect(data.byTrial[1]?.acc).toEqual([{ step: 0, value: 0.3 }]);
  });

  it("drops pushes for trials of experiments whose metrics were never loaded, keeps unknown trials'", () => {
    const loaded = loadMetrics(emptyMetrics, 1, []);
    const data = appendMetrics(loaded, [point(10, 0, 1), point(20, 0, 1), point(30, 0, 1)], { 10: 1, 20: 2 });
    expect(Object.keys(data.byTrial).sort()).toEqual(['10', '30']);
  });

  it('leaves other series untouched so their charts do not re-render', () => {
    const data = appendMetrics(emptyMetrics, [point(1, 0, 1), point(2, 0, 1)], {});
    const next = appendMetrics(data, [point(1, 1, 0.5)], {});
    expect(next.byTrial[2]).toBe(data.byTrial[2]);
    expect(next.byTrial[1]?.loss).not.toBe(data.byTrial[1]?.loss);
  });

  it('a loaded snapshot does not overwrite points pushed while it was in flight', () => {
    const pushed = appendMetrics(emptyMetrics, [point(1, 5, 0.25)], {});
    const data = loadMetrics(pushed, 1, [point(1, 4, 0.3), point(1, 5, 0.99)]);
    expect(data.byTrial[1]?.loss).toEqual([{ step: 4, value: 0.3 }, { step: 5, value: 0.25 }]);
    expect(data.loadedExperiments[1]).toBe(true);
  });

  it('lists the metric names the given trials reported', () => {
    const data = appendMetrics(emptyMetrics, [point(1, 0, 1, 'loss'), point(2, 0, 1, 'acc'), point(3, 0, 1, 'other')], {});
    expect(metricNamesOf(data, [1, 2])).toEqual(['acc', 'loss']);
  });

  it('loads stored series as curves: held (pushed) samples win on the same step, null values become NaN', () => {
    const pushed = appendMetrics(loadSeries(emptyMetrics, 1, []), [point(1, 5, 0.7)], { 1: 1 });
    const data = loadSeries(pushed, 1, [
      { trialId: 1, name: 'loss', steps: [4, 5], values: [0.3, 0.99] },
      { trialId: 2, name: 'loss', steps: [0, 1], values: [1, null] },
    ]);
    expect(data.loadedExperiments[1]).toBe(true);
    expect(data.byTrial[1]?.loss).toEqual([{ step: 4, value: 0.3 }, { step: 5, value: 0.7 }]);
    expect(data.byTrial[2]?.loss?.[1]?.value).toBeNaN();
  });

  it('a summary merges the curves it sent (pushed samples win), keeps the rest of it, and lets the experiment\'s pushes in', () => {
    const pushedFirst = appendMetrics(emptyMetrics, [point(11, 1, 0.7)], {});
    const envelope = { curves: 2, step: [0, 1], low: [0.5, 0.4], median: [0.6, 0.5], high: [0.9, 0.8] };
    const data = loadSummary(pushedFirst, 1, {
      metric: 'loss',
      names: ['acc', 'loss'],
      maxSeparate: 50,
      series: [{ trialId: 11, name: 'loss', steps: [0, 1], values: [1, 0.9] }],
      summarised: [12, 13],
      envelope,
    });
    expect(data.byTrial[11]?.loss).toEqual([{ step: 0, value: 1 }, { step: 1, value: 0.7 }]);
    expect(data.byTrial[12]).toBeUndefined();
    expect([...(data.summaries[1]?.summarised ?? [])]).toEqual([12, 13]);
    expect(data.summaries[1]).toMatchObject({ metric: 'loss', names: ['acc', 'loss'], maxSeparate: 50, envelope });
    expect(appendMetrics(data, [point(11, 2, 0.6)], { 11: 1 }).byTrial[11]?.loss).toHaveLength(3);
    // Every curve fetched: no summary stands in for any; deleted: nothing of it is kept.
    expect(loadSeries(data, 1, []).summaries[1]).toBeUndefined();
    const trial = loadTrialSeries(data, [12], [{ trialId: 12, name: 'acc', steps: [0], values: [0.3] }]);
    expect(trial.fullTrials[12]).toBe(true);
    expect(trial.byTrial[12]?.acc).toEqual([{ step: 0, value: 0.3 }]);
    const removed = removeMetricsOf(trial, [1], [11, 12]);
    expect(removed.summaries[1]).toBeUndefined();
    expect(removed.fullTrials[12]).toBeUndefined();
    expect(removed.loadedExperiments[1]).toBeUndefined();
  });
});
