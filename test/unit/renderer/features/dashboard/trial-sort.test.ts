import { describe, expect, it } from 'vitest';
import { DEFAULT_TRIAL_SORT, nextSort, sortTrials } from '../../../../../renderer/features/dashboard/trial-sort';
import { trial } from '../../fixtures';

describe('trial sorting', () => {
  const trials = [trial({ id: 1, value: 0.5 }), trial({ id: 2, value: null }), trial({ id: 3, value: 0.1 })];

  it('keeps number order by default', () => {
    expect(sortTrials(trials, DEFAULT_TRIAL_SORT, 0)).toBe(trials);
  });

  it('sorts by value best first for the objective direction, trials without a value last', () => {
    const minSort = nextSort(DEFAULT_TRIAL_SORT, 'value', 'min');
    expect(sortTrials(trials, minSort, 0).map((t) => t.id)).toEqual([3, 1, 2]);
    const maxSort = nextSort(DEFAULT_TRIAL_SORT, 'value', 'max');
    expect(sortTrials(trials, maxSort, 0).map((t) => t.id)).toEqual([1, 3, 2]);
    expect(nextSort(minSort, 'value', 'min').direction).toBe('descending');
  });
});
