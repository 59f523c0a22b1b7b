import { useState } from 'react';
import type { Experiment } from '../../../shared/domain';
import { experimentProgress, type ExperimentProgress } from '../../../shared/progress';
import { assertNever } from '../../../shared/result';
import type { ExperimentControl } from '../../api/commands';
import { formatDuration, formatParams, formatValue } from '../../lib/format';
import { useKeyShortcut } from '../../lib/use-key-shortcut';
import { useNow } from '../../lib/use-now';
import { useCommands } from '../../state/hooks';
import { MessageText } from '../../ui/MessageText';
import { ProgressBar } from '../../ui/ProgressBar';
import { ReadOnlyBadge } from '../../ui/ReadOnlyBadge';
import { StateBadge } from '../../ui/StateBadge';
import { ExportMenu } from '../export/ExportMenu';
import { experimentActions, type ButtonTone } from './experiment-actions';
import { GpuLine } from './GpuLine';

const TONE_CLASS: { readonly [T in ButtonTone]: string } = {
  primary: 'button button--primary',
  danger: 'button button--danger',
  plain: 'button',
};

/** `3 / 10`, or `12 m 05 s / 1 h 00 m` when the wall clock is the tighter budget. */
function progressCount(progress: ExperimentProgress): string {
  switch (progress.limitedBy) {
    case 'budget.trials':
      return `${progress.done} / ${progress.total}`;
    case 'budget.max_wall_time':
      return `${formatDuration(progress.done * 1000)} / ${formatDuration(progress.total * 1000)}`;
    default:
      return assertNever(progress.limitedBy);
  }
}

export function DashboardHeader({ experiment }: { readonly experiment: Experiment }) {
  const { controlExperiment } = useCommands();
  const [pending, setPending] = useState(false);
  const ticking = experiment.state === 'running' || experiment.state === 'paused';
  const now = useNow(1000, ticking);
  const progress = experimentProgress(experiment, now);
  const { counts, best, spec } = experiment;
  const paramOrder = Object.keys(spec.space);
  const actions = experimentActions(experiment);
  const shortcuts: { readonly [C in ExperimentControl]: string | undefined } = {
    start: useKeyShortcut('start'),
    pause: useKeyShortcut('pause'),
    freeze: useKeyShortcut('freeze'),
    resume: useKeyShortcut('resume'),
    stop: useKeyShortcut('stop'),
  };
  const count = progressCount(progress);

  async function run(control: ExperimentControl): Promise<void> {
    setPending(true);
    await controlExperiment(control, experiment.id);
    setPending(false);
  }

  return (
    <header className="dash-header">
      <div className="dash-header__title">
        <h1>{experiment.name}</h1>
        <StateBadge state={experiment.state} />
        {experiment.origin !== undefined && <ReadOnlyBadge origin={experiment.origin} />}
        <div className="dash-header__actions">
          {actions.map((action) => (
            <button
              key={action.control}
              type="button"
              className={TONE_CLASS[action.tone]}
              aria-label={action.name}
              aria-keyshortcuts={shortcuts[action.control]}
              title={action.hint}
              disabled={pending}
              onClick={() => void run(action.control)}
            >
              {action.label}
            </button>
          ))}
          {experiment.state === 'stopping' && (
            <button type="button" className="button" disabled>
              Stopping…
            </button>
          )}
          <ExportMenu experimentId={experiment.id} target={{ kind: 'best', bestNumber: best?.number ?? null }} />
        </div>
      </div>
      <div className="dash-header__facts">
        <p className="dash-header__command" title="The command each trial runs">
          <code>{spec.command.join(' ')}</code>
        </p>
        <GpuLine />
      </div>
      <dl className="stats">
        <div className="stat stat--progress">
          <dt title={`Measured against ${progress.limitedBy}, the budget that runs out first`}>
            {progress.limitedBy === 'budget.trials' ? 'Progress' : 'Progress (wall time)'}
          </dt>
          <dd>
            <ProgressBar done={progress.done} total={progress.total} label="Experiment progress" valueText={count} />
            <span className="numeric">{count}</span>
            {progress.etaMs !== null && (
              <span className="stat__eta numeric" title="Expected time left, from the pace so far">
                ETA {formatDuration(progress.etaMs)}
              </span>
            )}
          </dd>
        </div>
        <div className="stat">
          <dt>Running</dt>
          <dd className="numeric">
            {counts.running}
            {counts.paused > 0 && <span className="muted"> + {counts.paused} paused</span>}
            {counts.queued > 0 && <span className="muted"> + {counts.queued} queued</span>}
            {counts.frozen > 0 && <span className="muted"> · {counts.frozen} frozen</span>}
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
