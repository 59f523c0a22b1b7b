import { describe, expect, it } from 'vitest';
import type { Experiment } from '../../../../../shared/domain';
import { experimentActions } from '../../../../../renderer/features/dashboard/experiment-actions';
import { experiment } from '../../fixtures';

function labels(state: Experiment['state'], frozen = 0): string[] {
  const counts = { ...experiment().counts, frozen };
  return experimentActions({ state, counts }).map((action) => action.label);
}

describe('experiment actions', () => {
  it('offers a running experiment Pause all, Freeze all and Stop', () => {
    expect(labels('running')).toEqual(['Pause all', 'Freeze all', 'Stop']);
  });

  it('explains Freeze all in its tooltip', () => {
    const freeze = experimentActions({ state: 'running', counts: experiment().counts }).find((action) => action.control === 'freeze');
    expect(freeze?.hint).toBe('Checkpoint every running trial and free its GPU');
  });

  it('offers a paused experiment Resume and Stop, saying how many frozen trials a resume thaws', () => {
    expect(labels('paused')).toEqual(['Resume', 'Stop']);
    expect(labels('paused', 2)).toEqual(['Resume (thaw 2 frozen)', 'Stop']);
  });

  it('offers a finished experiment Resume only while it has frozen trials', () => {
    for (const state of ['stopped', 'completed', 'failed'] as const) {
      expect(labels(state)).toEqual([]);
      expect(labels(state, 3)).toEqual(['Resume (thaw 3 frozen)']);
    }
  });

  it('offers a draft Start and a stopping experiment nothing', () => {
    expect(labels('draft')).toEqual(['Start']);
    expect(labels('stopping', 1)).toEqual([]);
  });

  it('gives Stop a name that tells it from the trials\' own Stop buttons', () => {
    const stop = experimentActions({ state: 'running', counts: experiment().counts }).find((action) => action.control === 'stop');
    expect(stop?.name).toBe('Stop experiment');
  });

  it('offers an imported experiment nothing, even with frozen trials: it is a read-only record', () => {
    const origin = { kind: 'optuna-study', source: 'study "s" in /tmp/s.db', importedAt: 0 } as const;
    expect(experimentActions({ state: 'completed', counts: { ...experiment().counts, frozen: 2 }, origin })).toEqual([]);
  });
});
