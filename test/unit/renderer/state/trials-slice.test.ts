import { describe, expect, it } from 'vitest';
import { emptyTrials, isStaleTrialSnapshot, replaceTrials, upsertTrials } from '../../../../renderer/state/trials-slice';
import { trial } from '../fixtures';

describe('trials slice', () => {
  it('groups trials by experiment and sorts them by number', () => {
    const data = upsertTrials(emptyTrials, [trial({ id: 3, number: 3 }), trial({ id: 1, number: 1 }), trial({ id: 9, experimentId: 2, number: 1 })]);
    expect(data.byExperiment[1]?.map((t) => t.number)).toEqual([1, 3]);
    expect(data.byExperiment[2]?.map((t) => t.id)).toEqual([9]);
    expect(data.experimentOf).toEqual({ 1: 1, 3: 1, 9: 2 });
  });

  it("an update to one experiment's trial keeps the other experiment's group identical", () => {
    const data = upsertTrials(emptyTrials, [trial({ id: 1 }), trial({ id: 9, experimentId: 2 })]);
    const next = upsertTrials(data, [trial({ id: 1, state: 'completed', value: 0.5 })]);
    expect(next.byExperiment[2]).toBe(data.byExperiment[2]);
    expect(next.byExperiment[1]?.[0]?.value).toBe(0.5);
  });

  it('updates of held trials replace them where they are, and a new trial among them is added in number order', () => {
    const held = upsertTrials(emptyTrials, Array.from({ length: 1000 }, (_, index) => trial({ id: 1000 - index, number: 1000 - index })));
    const updated = upsertTrials(held, [trial({ id: 500, number: 500, state: 'completed', value: 0.1 }), trial({ id: 7, number: 7, state: 'failed' })]);
    const group = updated.byExperiment[1]!;
    expect(group.map((t) => t.number)).toEqual(Array.from({ length: 1000 }, (_, index) => index + 1));
    expect(group[499]).toMatchObject({ id: 500, state: 'completed', value: 0.1 });
    expect(group[6]?.state).toBe('failed');
    expect(group[0]).toBe(held.byExperiment[1]![0]);
    // No trial new to it: the trial-to-experiment map is the same object.
    expect(updated.experimentOf).toBe(held.experimentOf);

    const grown = upsertTrials(updated, [trial({ id: 2000, number: 1001 }), trial({ id: 600, number: 600, state: 'stopped' })]);
    expect(grown.byExperiment[1]!.map((t) => t.number)).toEqual(Array.from({ length: 1001 }, (_, index) => index + 1));
    expect(grown.byExperiment[1]![599]?.state).toBe('stopped');
    expect(grown.experimentOf[2000]).toBe(1);
  });

  it('a pushed trial always replaces the held one', () => {
    const data = upsertTrials(emptyTrials, [trial({ id: 1, state: 'completed' })]);
    // Pushes are in order; even this (odd) move is the newest word.
    expect(upsertTrials(data, [trial({ id: 1, state: 'running' })]).byExperiment[1]?.[0]?.state).toBe('running');
  });

  it('a listed snapshot does not revive a trial a push already finished', () => {
    const data = upsertTrials(emptyTrials, [trial({ id: 1, state: 'completed', value: 0.2, revision: 5 })]);
    const next = replaceTrials(data, 1, [trial({ id: 1, state: 'running', revision: 3 }), trial({ id: 2, number: 2, state: 'queued' })]);
    expect(next.byExperiment[1]?.map((t) => t.state)).toEqual(['completed', 'queued']);
    expect(next.loaded[1]).toBe(true);
  });

  it('a listed snapshot keeps trials pushed after it was taken', () => {
    const data = upsertTrials(emptyTrials, [trial({ id: 5, number: 5 })]);
    const next = replaceTrials(data, 1, [trial({ id: 1, number: 1 })]);
    expect(next.byExperiment[1]?.map((t) => t.id)).toEqual([1, 5]);
  });

  it('judges staleness by revision, since states go back and forth (frozen, then running again)', () => {
    expect(isStaleTrialSnapshot(trial({ state: 'queued', revision: 1 }), trial({ state: 'running', revision: 2 }))).toBe(true);
    expect(isStaleTrialSnapshot(trial({ state: 'running', lastStep: 3, revision: 4 }), trial({ state: 'running', lastStep: 5, revision: 6 }))).toBe(true);
    expect(isStaleTrialSnapshot(trial({ state: 'completed', revision: 7 }), trial({ state: 'running', revision: 6 }))).toBe(false);
    // Thawed: running again after frozen is newer, not a step back.
    expect(isStaleTrialSnapshot(trial({ state: 'running', revision: 9 }), trial({ state: 'frozen', revision: 8 }))).toBe(false);
  });
});
