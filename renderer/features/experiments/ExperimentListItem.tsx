import { memo, useState } from 'react';
import { formatValue } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { finishedTrials } from '../../state/experiments-slice';
import { useCommands, useExperiment, useSelectedExperimentId, useUiActions } from '../../state/hooks';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ProgressBar } from '../../ui/ProgressBar';
import { ReadOnlyBadge } from '../../ui/ReadOnlyBadge';
import { StateBadge } from '../../ui/StateBadge';
import { canDelete, duplicateDraft, timesLine, timesTitle } from './experiment-list';

export const ExperimentListItem = memo(function ExperimentListItem({ experimentId }: { readonly experimentId: number }) {
  const experiment = useExperiment(experimentId);
  const selectedId = useSelectedExperimentId();
  const { openExperiment, deleteExperiment } = useCommands();
  const { editDraft, show, notify } = useUiActions();
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  // "Today" moves on slowly; a minute is fine for times shown to the minute.
  const now = useNow(60_000, true);
  if (experiment === undefined) return null;
  const selected = selectedId === experimentId;
  const done = finishedTrials(experiment);
  const budget = experiment.spec.budget.trials;
  const detailsId = `experiment-${experimentId}-details`;
  const timesId = `experiment-${experimentId}-times`;
  const running = experiment.counts.running;
  const deletable = canDelete(experiment.state);
  const trialCount = Object.values<number>({ ...experiment.counts }).reduce((sum: number, count: number) => sum + count, 0);

  async function confirmDelete(): Promise<void> {
    setDeleting(true);
    setDeleteError(null);
    const reply = await deleteExperiment(experimentId);
    setDeleting(false);
    // On success this row unmounts with its experiment.
    if (!reply.ok) setDeleteError(reply.error.message);
  }

  return (
    <div className={`experiment-entry${selected ? ' is-selected' : ''}`}>
      <button
        type="button"
        className={`experiment-item${selected ? ' is-selected' : ''}`}
        // The name alone, so tests and screen readers find it by name; the rest is its description.
        aria-label={experiment.name}
        aria-describedby={`${detailsId} ${timesId}`}
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
            {experiment.origin !== undefined && <ReadOnlyBadge origin={experiment.origin} />}
          </span>
        </span>
      </button>
      <div className="experiment-entry__footer">
        <span id={timesId} className="experiment-item__times" title={timesTitle(experiment)}>
          {timesLine(experiment, now)}
        </span>
        {/* Visible text names the buttons ("Delete"), so a search for the experiment's name finds only the row. */}
        <span className="experiment-entry__actions">
          <button
            type="button"
            className="button button--small button--quiet"
            title={`New experiment from ${experiment.name}'s file`}
            onClick={() => {
              const { draft, warning } = duplicateDraft(experiment);
              editDraft(draft);
              show({ kind: 'new-experiment' });
              if (warning !== null) notify(warning);
            }}
          >
            Duplicate
          </button>
          <button
            type="button"
            className="button button--small button--quiet-danger"
            disabled={!deletable}
            title={deletable ? `Delete ${experiment.name}` : `${experiment.name} is ${experiment.state}: stop it before deleting it`}
            onClick={() => {
              setDeleteError(null);
              setConfirming(true);
            }}
          >
            Delete
          </button>
        </span>
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Delete “${experiment.name}”?`}
          confirmLabel="Delete experiment"
          busy={deleting}
          error={deleteError}
          onCancel={() => { setConfirming(false); }}
          onConfirm={() => { void confirmDelete(); }}
        >
          <p>
            Its {trialCount} trial{trialCount === 1 ? '' : 's'}, their metrics, logs and checkpoints, and its run folders are deleted. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
});
