import type { TrialState } from '../../../shared/domain';
import { assertNever } from '../../../shared/result';
import type { TrialControl } from '../../api/commands';

/** A button in a trial's row; each is one API call. */
export type TrialAction = TrialControl;

/**
 * The buttons a trial's row offers in each state, in the order they are shown. They follow what
 * the scheduler accepts (main/scheduler/scheduler.ts): pause and freeze need a live process, thaw
 * takes a frozen, interrupted or stopped trial, retry a finished one. Interrupted trials are not
 * offered Stop (nothing runs) nor Retry (thaw continues the same run, which is what one wants).
 */
export function trialActions(state: TrialState): readonly TrialAction[] {
  switch (state) {
    case 'queued':
      return ['stop'];
    case 'running':
      return ['pause', 'freeze', 'stop'];
    case 'paused':
      return ['resume', 'freeze', 'stop'];
    case 'frozen':
      return ['thaw', 'stop'];
    case 'interrupted':
      return ['thaw'];
    case 'stopped':
      return ['thaw', 'retry'];
    case 'completed':
    case 'failed':
      return ['retry'];
    default:
      return assertNever(state);
  }
}

export const TRIAL_ACTION_LABELS: { readonly [A in TrialAction]: string } = {
  pause: 'Pause',
  resume: 'Resume',
  freeze: 'Freeze',
  thaw: 'Thaw',
  stop: 'Stop',
  retry: 'Retry',
};

/** What each button does, for its tooltip. */
export const TRIAL_ACTION_HINTS: { readonly [A in TrialAction]: string } = {
  pause: 'Suspend it in memory; it keeps its GPU memory',
  resume: 'Continue where it was paused',
  freeze: 'Checkpoint it and exit, freeing its GPU',
  thaw: 'Relaunch it from its checkpoint (from step 0 if it has none)',
  stop: 'Stop it for good',
  retry: 'Run the same configuration again as a new trial',
};

/** The button's accessible name: `Freeze trial 3`. */
export function trialActionName(action: TrialAction, trialNumber: number): string {
  return `${TRIAL_ACTION_LABELS[action]} trial ${trialNumber}`;
}

/**
 * Clone with edits is offered in every state (of an experiment that is not an imported record):
 * it opens a form rather than calling the API at once, so it is not one of the TrialActions.
 */
export const CLONE_ACTION_HINT = 'A new trial from these parameters, edited first';

/** `Clone trial 3 with edits` */
export function cloneActionName(trialNumber: number): string {
  return `Clone trial ${trialNumber} with edits`;
}
