import { useMemo } from 'react';
import { formatDuration, formatParam, formatValue, trialDuration } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { useCommands, useExperiment, useExperimentsStatus, useTrial, useTrialsLoaded } from '../../state/hooks';
import { MessageText } from '../../ui/MessageText';
import { StateBadge } from '../../ui/StateBadge';
import { formatTrialGpus } from '../dashboard/trial-row';
import { LIVE_TRIAL_STATES, type Experiment, type Trial } from '../../../shared/domain';
import { CheckpointFact } from './CheckpointFact';
import { orderedParams } from './params-export';
import { TrialControls } from './TrialControls';
import { TrialCurves } from './TrialCurves';
import { TrialLogView } from './TrialLogView';
import { TrialTimeline } from './TrialTimeline';

/** One trial: what it is (params), how it went (curves, timeline, log) and what can be done to it. */
export function TrialPage({ experimentId, trialId }: { readonly experimentId: number; readonly trialId: number }) {
  const experiment = useExperiment(experimentId);
  const trial = useTrial(trialId);
  const { loaded: experimentsLoaded } = useExperimentsStatus();
  const trialsLoaded = useTrialsLoaded(experimentId);
  if (experiment === undefined || trial === undefined || trial.experimentId !== experimentId) {
    const loading = !experimentsLoaded || (experiment !== undefined && !trialsLoaded);
    return (
      <section className="home-hint">
        <h1>{loading ? 'Loading…' : 'Trial not found'}</h1>
        {!loading && <p>It may have been deleted with its experiment. Pick an experiment on the left.</p>}
      </section>
    );
  }
  return (
    <div className="trial-page">
      <TrialHeader experiment={experiment} trial={trial} />
      <div className="trial-page__columns">
        <TrialFacts experiment={experiment} trial={trial} />
        <TrialTimeline trial={trial} />
      </div>
      <TrialCurves experiment={experiment} trial={trial} />
      <TrialLogView experimentName={experiment.name} trial={trial} />
    </div>
  );
}

function TrialHeader({ experiment, trial }: { readonly experiment: Experiment; readonly trial: Trial }) {
  const { openExperiment } = useCommands();
  return (
    <header className="trial-header">
      <button type="button" className="button button--link trial-header__back" onClick={() => { openExperiment(experiment.id); }}>
        ← {experiment.name}
      </button>
      <div className="trial-header__title">
        <h1>Trial {trial.number}</h1>
        <StateBadge state={trial.state} />
        <TrialControls experiment={experiment} trial={trial} />
      </div>
      {trial.message !== null && (
        <p className={`trial-header__message${trial.state === 'failed' ? ' text-failed' : ''}`}>
          <MessageText text={trial.message} />
        </p>
      )}
    </header>
  );
}

function TrialFacts({ experiment, trial }: { readonly experiment: Experiment; readonly trial: Trial }) {
  const space = experiment.spec.space;
  const params = useMemo(() => orderedParams(trial.params, Object.keys(space)), [trial.params, space]);
  const now = useNow(1000, LIVE_TRIAL_STATES.includes(trial.state));
  const { metric, mode } = experiment.spec.objective;
  const isBest = experiment.best?.trialId === trial.id;
  return (
    <section className="panel trial-facts">
      <div className="panel__head">
        <h2>Configuration</h2>
      </div>
      <table className="trial-facts__params" aria-label="Parameters">
        <tbody>
          {params.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td className="numeric">{formatParam(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="trial-facts__list">
        <dt>
          {metric} ({mode})
        </dt>
        <dd className="numeric">
          {formatValue(trial.value)}
          {isBest && <span className="best-mark"> ★ best</span>}
        </dd>
        <dt>Last step</dt>
        <dd className="numeric">{trial.lastStep ?? '—'}</dd>
        <dt>Duration</dt>
        <dd className="numeric">{formatDuration(trialDuration(trial, now))}</dd>
        <dt>Runs on</dt>
        <dd>{formatTrialGpus(trial)}</dd>
        {trial.thaws > 0 && (
          <>
            <dt>Thawed</dt>
            <dd className="numeric">
              {trial.thaws} time{trial.thaws === 1 ? '' : 's'}
            </dd>
          </>
        )}
        <dt>Checkpoints</dt>
        <dd>
          <CheckpointFact trial={trial} />
        </dd>
        <dt>Trial folder</dt>
        <dd>
          <code className="trial-facts__path">{trial.dir}</code>
        </dd>
      </dl>
    </section>
  );
}
