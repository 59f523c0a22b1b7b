import { describe, expect, it } from 'vitest';
import { sourceFromDraft } from '../../../../renderer/features/editor/create-source';
import { summarize } from '../../../../renderer/features/editor/validation-state';
import { DEFAULT_TRIAL_SORT, nextSort, sortTrials } from '../../../../renderer/features/dashboard/trial-sort';
import { trial } from '../fixtures';

describe('new experiment source', () => {
  it('uses the text and base folder when no path is given', () => {
    expect(sourceFromDraft({ yaml: 'name: x', baseDir: ' /work ', path: '' })).toEqual({ ok: true, value: { kind: 'text', yaml: 'name: x', baseDir: '/work' } });
  });

  it('prefers a file path when one is given', () => {
    expect(sourceFromDraft({ yaml: 'name: x', baseDir: '', path: '/work/experiment.yaml' })).toEqual({ ok: true, value: { kind: 'path', path: '/work/experiment.yaml' } });
  });

  it('names the fields to fix: empty text, missing or relative base folder, relative path', () => {
    const empty = sourceFromDraft({ yaml: ' ', baseDir: '', path: '' });
    expect(empty.ok ? [] : empty.error.issues?.map((i) => i.path)).toEqual(['Experiment file (YAML)', 'Base folder']);
    const relative = sourceFromDraft({ yaml: 'name: x', baseDir: 'work', path: '' });
    expect(relative.ok ? '' : relative.error.issues?.[0]?.message).toMatch(/absolute/);
    expect(sourceFromDraft({ yaml: '', baseDir: '', path: 'experiment.yaml' }).ok).toBe(false);
  });
});

describe('validation summary', () => {
  it('says what a valid file will do', () => {
    expect(
      summarize({
        name: 'quick',
        command: ['python3'],
        workdir: '.',
        env: {},
        objective: { metric: 'loss', mode: 'min' },
        space: { lr: { type: 'float', low: 0.1, high: 1, log: false } },
        search: { algorithm: 'random' },
        budget: { trials: 12, parallel: 2 },
      }),
    ).toBe('quick · 1 parameter · 12 trials, 2 at a time · minimize loss');
  });
});

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
