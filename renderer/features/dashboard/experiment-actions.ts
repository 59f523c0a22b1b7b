import type { Experiment } from '../../../shared/domain';
import { assertNever } from '../../../shared/result';
import type { ExperimentControl } from '../../api/commands';

export type ButtonTone = 'primary' | 'danger' | 'plain';

export interface ExperimentAction {
  readonly control: ExperimentControl;
  readonly label: string;
  /** Accessible name, when the label alone is ambiguous next to the trials' own buttons. */
  readonly name?: string;
  readonly hint?: string;
  readonly tone: ButtonTone;
}

const STOP: ExperimentAction = { control: 'stop', label: 'Stop', name: 'Stop experiment', hint: 'Stop every trial and launch no more', tone: 'danger' };

function resume(frozen: number): ExperimentAction {
  return frozen > 0
    ? { control: 'resume', label: `Resume (thaw ${frozen} frozen)`, hint: 'Relaunch the frozen trials from their checkpoints and go on', tone: 'primary' }
    : { control: 'resume', label: 'Resume', hint: 'Continue the paused trials and launch new ones', tone: 'primary' };
}

/**
 * The header's buttons for an experiment, in the order shown. `stopping` offers none (the header
 * shows that it is stopping); a finished experiment offers Resume only while it has frozen
 * trials to thaw. An imported experiment is a read-only record: it offers none.
 */
export function experimentActions(experiment: Pick<Experiment, 'state' | 'counts' | 'origin'>): readonly ExperimentAction[] {
  if (experiment.origin !== undefined) return [];
  const { frozen } = experiment.counts;
  switch (experiment.state) {
    case 'draft':
      return [{ control: 'start', label: 'Start', tone: 'primary' }];
    case 'running':
      return [
        { control: 'pause', label: 'Pause all', hint: 'Suspend every running trial in memory; their GPU memory stays held', tone: 'plain' },
        { control: 'freeze', label: 'Freeze all', hint: 'Checkpoint every running trial and free its GPU', tone: 'plain' },
        STOP,
      ];
    case 'paused':
      return [resume(frozen), STOP];
    case 'stopping':
      return [];
    case 'completed':
    case 'stopped':
    case 'failed':
      return frozen > 0 ? [resume(frozen)] : [];
    default:
      return assertNever(experiment.state);
  }
}
