import { describe, expect, it } from 'vitest';
import { emptyExperiments, finishedTrials, replaceExperiments, upsertExperiments } from '../../../../renderer/state/experiments-slice';
import { experiment } from '../fixtures';

describe('experiments slice', () => {
  it('orders experiments newest first', () => {
    const data = replaceExperiments(emptyExperiments, [experiment({ id: 1, createdAt: 1 }), experiment({ id: 2, createdAt: 5 }), experiment({ id: 3, createdAt: 3 })]);
    expect(data.order).toEqual([2, 3, 1]);
    expect(data.loaded).toBe(true);
  });

  it('keeps the order array when an update adds no experiment, so the list does not re-render', () => {
    const data = replaceExperiments(emptyExperiments, [experiment({ id: 1 }), experiment({ id: 2, createdAt: 2000 })]);
    const updated = upsertExperiments(data, [experiment({ id: 1, state: 'completed' })]);
    expect(updated.order).toBe(data.order);
    expect(updated.byId[1]?.state).toBe('completed');
  });

  it('a pushed experiment is added to the list', () => {
    const data = upsertExperiments(emptyExperiments, [experiment({ id: 7, name: 'new' })]);
    expect(data.order).toEqual([7]);
    expect(data.byId[7]?.name).toBe('new');
  });

  it('a full list drops experiments that are gone', () => {
    const data = replaceExperiments(emptyExperiments, [experiment({ id: 1 }), experiment({ id: 2 })]);
    expect(replaceExperiments(data, [experiment({ id: 2 })]).order).toEqual([2]);
  });

  it('a snapshot older than a push that overtook it does not roll the experiment back', () => {
    const pushed = experiment({ id: 1, state: 'completed', revision: 30, counts: { queued: 0, running: 0, completed: 10, failed: 0, stopped: 0, interrupted: 0, paused: 0, frozen: 0 } });
    const held = upsertExperiments(emptyExperiments, [pushed]);
    const staleSnapshot = experiment({ id: 1, state: 'running', revision: 28, counts: { queued: 0, running: 1, completed: 9, failed: 0, stopped: 0, interrupted: 0, paused: 0, frozen: 0 } });
    expect(replaceExperiments(held, [staleSnapshot]).byId[1]).toBe(pushed);
  });

  it('progress counts completed, failed and stopped trials but not interrupted ones', () => {
    expect(finishedTrials(experiment({ counts: { queued: 1, running: 2, completed: 3, failed: 4, stopped: 5, interrupted: 6, paused: 0, frozen: 0 } }))).toBe(12);
  });
});
