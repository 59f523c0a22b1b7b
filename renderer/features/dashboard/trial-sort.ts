import type { ObjectiveMode } from '../../../shared/experiment-file';
import type { Trial } from '../../../shared/domain';
import { assertNever } from '../../../shared/result';
import { trialDuration } from '../../lib/format';

export const TRIAL_SORT_KEYS = ['number', 'value', 'lastStep', 'duration'] as const;
export type TrialSortKey = (typeof TRIAL_SORT_KEYS)[number];
export type SortDirection = 'ascending' | 'descending';

export interface TrialSort {
  readonly key: TrialSortKey;
  readonly direction: SortDirection;
}

export const DEFAULT_TRIAL_SORT: TrialSort = { key: 'number', direction: 'ascending' };

function sortValue(trial: Trial, key: TrialSortKey, now: number): number | null {
  switch (key) {
    case 'number':
      return trial.number;
    case 'value':
      return trial.value !== null && Number.isFinite(trial.value) ? trial.value : null;
    case 'lastStep':
      return trial.lastStep;
    case 'duration':
      return trialDuration(trial, now);
    default:
      return assertNever(key);
  }
}

/** Sorted copy; trials without a value go last in either direction, ties by trial number. */
export function sortTrials(trials: readonly Trial[], sort: TrialSort, now: number): readonly Trial[] {
  if (sort.key === 'number' && sort.direction === 'ascending') return trials;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...trials].sort((a, b) => {
    const va = sortValue(a, sort.key, now);
    const vb = sortValue(b, sort.key, now);
    if (va === null || vb === null) return va === vb ? a.number - b.number : va === null ? 1 : -1;
    return (va - vb) * sign || a.number - b.number;
  });
}

/** Clicking a header: a new column starts at its most useful end (best value first); the same
 * column flips. */
export function nextSort(current: TrialSort, key: TrialSortKey, mode: ObjectiveMode): TrialSort {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  if (key === 'value') return { key, direction: mode === 'min' ? 'ascending' : 'descending' };
  if (key === 'number') return { key, direction: 'ascending' };
  return { key, direction: 'descending' };
}
