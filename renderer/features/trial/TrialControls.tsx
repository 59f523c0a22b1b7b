import { useState } from 'react';
import type { Experiment, Trial } from '../../../shared/domain';
import { useCommands, useUiActions } from '../../state/hooks';
import { TRIAL_ACTION_HINTS, TRIAL_ACTION_LABELS, trialActionName, trialActions } from '../dashboard/trial-actions';
import { formatParams, PARAMS_FORMATS, type ParamsFormat } from './params-export';

const FORMAT_LABELS: { readonly [F in ParamsFormat]: string } = { json: 'JSON', yaml: 'YAML' };

/** The trial's buttons, the same as its row's in the trials table, and "export this config". */
export function TrialControls({ experiment, trial }: { readonly experiment: Experiment; readonly trial: Trial }) {
  const { controlTrial } = useCommands();
  const { notify } = useUiActions();
  const [pending, setPending] = useState(false);
  const [format, setFormat] = useState<ParamsFormat>('json');
  const [copied, setCopied] = useState<string | null>(null);

  async function copy(): Promise<void> {
    const text = formatParams(trial.params, Object.keys(experiment.spec.space), format);
    try {
      await navigator.clipboard.writeText(text);
      setCopied(`Copied as ${FORMAT_LABELS[format]}`);
    } catch (error) {
      // The clipboard needs a secure context and a focused page; say so rather than fail quietly.
      setCopied(null);
      notify(`Could not copy the config: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return (
    <div className="trial-controls">
      {trialActions(trial.state).map((action) => (
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
      <span className="trial-controls__export">
        <label className="inline-field">
          <span className="visually-hidden">Config format</span>
          <select
            className="select"
            value={format}
            onChange={(event) => {
              setFormat(PARAMS_FORMATS.find((name) => name === event.target.value) ?? 'json');
              setCopied(null);
            }}
          >
            {PARAMS_FORMATS.map((name) => (
              <option key={name} value={name}>
                {FORMAT_LABELS[name]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button--small" title="Copy this trial's params to the clipboard" onClick={() => void copy()}>
          Export this config
        </button>
        <span role="status" className="trial-controls__status">
          {copied}
        </span>
      </span>
    </div>
  );
}
