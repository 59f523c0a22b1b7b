import { describe, expect, it } from 'vitest';
import { toEventMessage } from '../../../../renderer/api/envelope';
import { createAppStore } from '../../../../renderer/state/store';
import { experiment, point, trial } from '../fixtures';

describe('an experiment deleted', () => {
  it('leaves the store with its trials and metrics, and its open dashboard goes home', () => {
    const store = createAppStore({ ui: { view: { kind: 'experiment', experimentId: 1 }, chartMetric: { 1: 'acc' } } });
    const { server } = store.getState();
    server.experimentsListed([experiment({ id: 1 }), experiment({ id: 2, createdAt: 2000 })]);
    server.trialsListed(1, [trial({ id: 10, experimentId: 1 })]);
    server.trialsListed(2, [trial({ id: 20, experimentId: 2 })]);
    server.metricsListed(1, [point(10, 0, 1)]);
    server.metricsListed(2, [point(20, 0, 2)]);

    server.experimentsDeleted([1]);
    const state = store.getState();
    expect(state.experiments.order).toEqual([2]);
    expect(state.experiments.byId[1]).toBeUndefined();
    expect(state.trials.byExperiment[1]).toBeUndefined();
    expect(state.trials.experimentOf[10]).toBeUndefined();
    expect(state.metrics.byTrial[10]).toBeUndefined();
    expect(state.metrics.loadedExperiments[1]).toBeUndefined();
    expect(state.ui.view).toEqual({ kind: 'home' });
    expect(state.ui.chartMetric[1]).toBeUndefined();
    // The other experiment keeps everything.
    expect(state.trials.byExperiment[2]).toHaveLength(1);
    expect(state.metrics.byTrial[20]?.loss).toHaveLength(1);
  });

  it('keeps the view when another experiment is deleted, and ignores ids it never held', () => {
    const store = createAppStore({ ui: { view: { kind: 'experiment', experimentId: 2 } } });
    store.getState().server.experimentsListed([experiment({ id: 1 }), experiment({ id: 2 })]);
    const before = store.getState();
    store.getState().server.experimentsDeleted([99]);
    expect(store.getState().experiments).toBe(before.experiments);
    store.getState().server.experimentsDeleted([1]);
    expect(store.getState().ui.view).toEqual({ kind: 'experiment', experimentId: 2 });
  });

  it('arrives as a push of positive whole ids; anything else in it is dropped', () => {
    expect(toEventMessage({ event: 'experiments/deleted', payload: [3, 'x', -1, 2.5, { id: 4 }] })).toEqual({ event: 'experiments/deleted', payload: [3] });
  });
});
