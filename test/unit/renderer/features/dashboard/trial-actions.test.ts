import { describe, expect, it } from 'vitest';
import { THAWABLE_TRIAL_STATES, TRIAL_STATES } from '../../../../../shared/domain';
import { trialActionName, trialActions } from '../../../../../renderer/features/dashboard/trial-actions';

describe('trial actions', () => {
  it('offers each state the controls the scheduler accepts for it', () => {
    expect(Object.fromEntries(TRIAL_STATES.map((state) => [state, trialActions(state)]))).toEqual({
      queued: ['stop'],
      running: ['pause', 'freeze', 'stop'],
      paused: ['resume', 'freeze', 'stop'],
      frozen: ['thaw', 'stop'],
      interrupted: ['thaw'],
      stopped: ['thaw', 'retry'],
      completed: ['retry'],
      failed: ['retry'],
    });
  });

  it('offers Thaw exactly where the back end can thaw', () => {
    const offered = TRIAL_STATES.filter((state) => trialActions(state).includes('thaw'));
    expect(offered).toEqual([...THAWABLE_TRIAL_STATES].sort((a, b) => TRIAL_STATES.indexOf(a) - TRIAL_STATES.indexOf(b)));
  });

  it('never offers Pause or Freeze without a live process', () => {
    for (const state of TRIAL_STATES) {
      const live = state === 'running' || state === 'paused';
      expect(trialActions(state).includes('freeze')).toBe(live);
      expect(trialActions(state).includes('pause')).toBe(state === 'running');
    }
  });

  it('names each button after its action and the trial number', () => {
    expect(trialActionName('freeze', 3)).toBe('Freeze trial 3');
    expect(trialActionName('thaw', 12)).toBe('Thaw trial 12');
  });
});
