import { describe, expect, it } from 'vitest';
import {
  filterTrials,
  isFiltering,
  NO_FILTER,
  paramFilterKinds,
  parseBound,
  toggleMember,
  type TrialFilter,
} from '../../../../../renderer/features/dashboard/trial-filter';
import { trial } from '../../fixtures';

const trials = [
  trial({ id: 1, state: 'completed', params: { lr: 0.001, layers: 2, optimizer: 'sgd', momentum: 0.9 } }),
  trial({ id: 2, state: 'running', params: { lr: 0.01, layers: 3, optimizer: 'adam' } }),
  trial({ id: 3, state: 'failed', params: { lr: 0.1, layers: 4, optimizer: 'sgd', momentum: 0.5 } }),
  trial({ id: 4, state: 'completed', params: { lr: 0.05, layers: 1, optimizer: 'adam' } }),
];

const ids = (filter: TrialFilter) => filterTrials(trials, filter).map((entry) => entry.id);

describe('trial filter', () => {
  it('filters nothing, and returns the same list, until something is set', () => {
    expect(filterTrials(trials, NO_FILTER)).toBe(trials);
    expect(isFiltering({ ...NO_FILTER, ranges: { lr: { min: null, max: null } }, choices: { optimizer: [] } })).toBe(false);
  });

  it('keeps the chosen states', () => {
    expect(ids({ ...NO_FILTER, states: ['completed', 'failed'] })).toEqual([1, 3, 4]);
  });

  it('keeps numeric parameters within inclusive bounds, either bound open', () => {
    expect(ids({ ...NO_FILTER, ranges: { lr: { min: 0.01, max: 0.05 } } })).toEqual([2, 4]);
    expect(ids({ ...NO_FILTER, ranges: { layers: { min: 3, max: null } } })).toEqual([2, 3]);
  });

  it('keeps the chosen values of a categorical parameter', () => {
    expect(ids({ ...NO_FILTER, choices: { optimizer: ['adam'] } })).toEqual([2, 4]);
  });

  it('hides trials where a filtered parameter is inactive', () => {
    expect(ids({ ...NO_FILTER, ranges: { momentum: { min: 0, max: null } } })).toEqual([1, 3]);
  });

  it('combines state and parameter filters', () => {
    expect(ids({ states: ['completed'], ranges: { lr: { min: 0.01, max: null } }, choices: { optimizer: ['adam', 'sgd'] } })).toEqual([4]);
  });

  it('reads a typed bound, and names the fix for one that is not a number', () => {
    expect(parseBound('  ')).toEqual({ ok: true, value: null });
    expect(parseBound('1e-3')).toEqual({ ok: true, value: 0.001 });
    const bad = parseBound('abc');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/not a number.*1e-3/);
  });

  it('offers ranges for numbers and value sets for choices and booleans, not for fixed parameters', () => {
    expect(
      paramFilterKinds({
        lr: { type: 'float', low: 0.001, high: 0.1, log: true },
        optimizer: { type: 'categorical', choices: ['sgd', 'adam'] },
        shuffle: { type: 'bool' },
        seed: { type: 'fixed', value: 1 },
      }),
    ).toEqual([
      { name: 'lr', kind: 'range' },
      { name: 'optimizer', kind: 'choices', labels: ['sgd', 'adam'] },
      { name: 'shuffle', kind: 'choices', labels: ['false', 'true'] },
    ]);
  });

  it('toggles set members in a stable order', () => {
    expect(toggleMember(['b'], 'a', true, ['a', 'b', 'c'])).toEqual(['a', 'b']);
    expect(toggleMember(['a', 'b'], 'a', false, ['a', 'b', 'c'])).toEqual(['b']);
  });
});
