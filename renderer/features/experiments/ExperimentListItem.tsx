import { memo } from 'react';
import { formatValue } from '../../lib/format';
import { finishedTrials } from '../../state/experiments-slice';
import { useCommands, useExperiment, useSelectedExperimentId } from '../../state/hooks';
import { ProgressBar } from '../../ui/ProgressBar';
import { StateBadge } from '../../ui/StateBadge';

export const ExperimentListItem = memo(function ExperimentListItem({ experimentId }: { readonly experimentId: number }) {
  const experiment = useExperiment(experimentId);
  const selectedId = useSelectedExperimentId();
  const { openExperiment } = useCommands();
  if (experiment === undefined) return null;
  const selected = selectedId === experimentId;
  const done = finishedTrials(experiment);
  const budget = experiment.spec.budget.trials;
  const detailsId = `experiment-${experimentId}-details`;
  const running = experiment.counts.running;
  return (
    <button
      type="button"
      className={`experiment-item${selected ? ' is-selected' : ''}`}
      // The name alone, so tests and screen readers find it by name; the rest is its description.
      aria-label={experiment.name}
      aria-describedby={detailsId}
      aria-current={selected ? 'page' : undefined}
      onClick={() => { openExperiment(experimentId); }}
    >
      <span className="experiment-item__top">
        <span className="experiment-item__name">{experiment.name}</span>
        <StateBadge state={experiment.state} />
      </span>
      <span id={detailsId} className="experiment-item__details">
        <span className="experiment-item__progress">
          <ProgressBar done={done} total={budget} label={`${experiment.name} progress`} />
          <span className="experiment-item__count">
            {done} / {budget}
          </span>
        </span>
        <span className="experiment-item__meta">
          <span>
            best <strong className="numeric">{formatValue(experiment.best?.value)}</strong>
          </span>
          {running > 0 && <span className="experiment-item__running">{running} running</span>}
        </span>
      </span>
    </button>
  );
});
