import { useState } from 'react';
import type { Experiment, Trial } from '../../../shared/domain';
import { useCommands } from '../../state/hooks';
import { CloneTrialDialog } from '../dashboard/CloneTrialDialog';
import { CLONE_ACTION_HINT, cloneActionName, TRIAL_ACTION_HINTS, TRIAL_ACTION_LABELS, trialActionName, trialActions } from '../dashboard/trial-actions';
import { ExportMenu } from '../export/ExportMenu';

/** The trial's buttons, the same as its row's in the trials table (none for an imported record), and its export menu. */
export function TrialControls({ experiment, trial }: { readonly experiment: Experiment; readonly trial: Trial }) {
  const { controlTrial } = useCommands();
  const [pending, setPending] = useState(false);
  const [cloning, setCloning] = useState(false);
  const readOnly = experiment.origin !== undefined;
  const actions = readOnly ? [] : trialActions(trial.state);

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
      {!readOnly && (
        <button type="button" className="button button--small" aria-label={cloneActionName(trial.number)} title={CLONE_ACTION_HINT} onClick={() => { setCloning(true); }}>
          Clone…
        </button>
      )}
      {cloning && <CloneTrialDialog experiment={experiment} trial={trial} onClose={() => { setCloning(false); }} />}
      <ExportMenu experimentId={experiment.id} target={{ kind: 'trial', trialNumber: trial.number }} />
    </div>
  );
}
