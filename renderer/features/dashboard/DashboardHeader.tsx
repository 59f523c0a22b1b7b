import { useState } from 'react';
import type { Experiment } from '../../../shared/domain';
import { formatParams, formatValue } from '../../lib/format';
import { finishedTrials } from '../../state/experiments-slice';
import { useCommands } from '../../state/hooks';
import { MessageText } from '../../ui/MessageText';
import { ProgressBar } from '../../ui/ProgressBar';
import { StateBadge } from '../../ui/StateBadge';

export function DashboardHeader({ experiment }: { readonly experiment: Experiment }) {
  const { startExperiment, stopExperiment } = useCommands();
  const [pending, setPending] = useState(false);
  const done = finishedTrials(experiment);
  const budget = experiment.spec.budget.trials;
  const { counts, best, spec } = experiment;
  const paramOrder = Object.keys(spec.space);

  async function run(action: (id: number) => Promise<void>): Promise<void> {
    setPending(true);
    await action(experiment.id);
    setPending(false);
  }

  return (
    <header className="dash-header">
      <div className="dash-header__title">
        <h1>{experiment.name}</h1>
        <StateBadge state={experiment.state} />
        <div className="dash-header__actions">
          {experiment.state === 'draft' && (
            <button type="button" className="button button--primary" disabled={pending} onClick={() => void run(startExperiment)}>
              Start
            </button>
          )}
          {experiment.state === 'running' && (
            <button type="button" className="button button--danger" disabled={pending} onClick={() => void run(stopExperiment)}>
              Stop experiment
            </button>
          )}
          {experiment.state === 'stopping' && (
            <button type="button" className="button" disabled>
              Stopping…
            </button>
          )}
        </div>
      </div>
      <p className="dash-header__command" title="The command each trial runs">
        <code>{spec.command.join(' ')}</code>
      </p>
      <dl className="stats">
        <div className="stat stat--progress">
          <dt>Progress</dt>
          <dd>
            <ProgressBar done={done} total={budget} label="Experiment progress" />
            <span className="numeric">
              {done} / {budget}
            </span>
          </dd>
        </div>
        <div className="stat">
          <dt>Running</dt>
          <dd className="numeric">
            {counts.running}
            {counts.queued > 0 && <span className="muted"> + {counts.queued} queued</span>}
          </dd>
        </div>
        <div className="stat">
          <dt>Failed</dt>
          <dd className={`numeric${counts.failed > 0 ? ' text-failed' : ''}`}>{counts.failed}</dd>
        </div>
        <div className="stat">
          <dt>
            Best {spec.objective.metric} ({spec.objective.mode})
          </dt>
          <dd>
            <strong className="numeric stat__best">{formatValue(best?.value)}</strong>
            {best !== null && <span className="muted"> trial {best.number}</span>}
          </dd>
        </div>
        <div className="stat stat--params">
          <dt>Best params</dt>
          <dd className="mono" title={best !== null ? formatParams(best.params, paramOrder) : undefined}>
            {best !== null ? formatParams(best.params, paramOrder) : '—'}
          </dd>
        </div>
      </dl>
      {experiment.message !== null && (
        <p className={`dash-header__message dash-header__message--${experiment.state}`}>
          <MessageText text={experiment.message} />
        </p>
      )}
    </header>
  );
}
