import { useState } from 'react';
import type { Experiment, Trial } from '../../../shared/domain';
import { useCommands } from '../../state/hooks';
import { TRIAL_ACTION_HINTS, TRIAL_ACTION_LABELS, trialActionName, trialActions } from '../dashboard/trial-actions';
import { ExportMenu } from '../export/ExportMenu';

/** The trial's buttons, the same as its row's in the trials table (none for an imported record), and its export menu. */
export function TrialControls({ experiment, trial }: { readonly experiment: Experiment; readonly trial: Trial }) {
  const { controlTrial } = useCommands();
  const [pending, setPending] = useState(false);
  const actions = experiment.origin !== undefined ? [] : trialActions(trial.state);

  return (
    <div className="trial-controls">
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          className={`button button--small ${action === 'stop' ? 'button--quiet-danger' : ''}`}
          aria-label={trialActionName(action, trial.number)}
          title={TRIAL_ACTION_HINTS[action]}
          disabled={pending}
          onClick={() => {
            setPending(true);
            void controlTrial(action, trial.id, trial.number).finally(() => { setPending(false); });
          }}
        >
          {TRIAL_ACTION_LABELS[action]}
        </button>
      ))}
      <ExportMenu experimentId={experiment.id} target={{ kind: 'trial', trialNumber: trial.number }} />
    </div>
  );
}
