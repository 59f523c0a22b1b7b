import { memo, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { LIVE_TRIAL_STATES, type Experiment, type Trial, type TrialState } from '../../../shared/domain';
import { formatDuration, formatParam, formatValue, trialDuration } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { useStableValue } from '../../lib/use-stable-value';
import { useCommands, useSelectedTrialId, useTrials, useTrialsLoaded, useUiActions } from '../../state/hooks';
import { StateBadge } from '../../ui/StateBadge';
import { CLONE_ACTION_HINT, cloneActionName, TRIAL_ACTION_HINTS, TRIAL_ACTION_LABELS, trialActionName, trialActions } from './trial-actions';
import { formatTrialGpus, frozenNote } from './trial-row';
import { TrialFilters } from './TrialFilters';
import { CloneTrialDialog } from './CloneTrialDialog';
import { filterTrials, isFiltering, NO_FILTER, paramFilterKinds, type TrialFilter } from './trial-filter';
import { DEFAULT_TRIAL_SORT, nextSort, sortTrials, type TrialSort, type TrialSortKey } from './trial-sort';
import { rowWindow } from './virtual-rows';

/** A row's height before the first one is measured; app.css fixes every row to the same height. */
const DEFAULT_ROW_HEIGHT = 33;

/** Tooltips for states whose meaning is not obvious, when the trial has no message of its own. */
const STATE_NOTES: Partial<Record<TrialState, string>> = {
  paused: 'Suspended in memory: it keeps its GPU memory until resumed',
  frozen: 'Checkpointed and exited: its GPU is free; thaw relaunches it',
  interrupted: 'Its process ended while Tundra was not running; thaw resumes it',
};

export function TrialsTable({ experiment }: { readonly experiment: Experiment }) {
  const trials = useTrials(experiment.id);
  const loaded = useTrialsLoaded(experiment.id);
  const selectedTrialId = useSelectedTrialId();
  const { selectTrial } = useUiActions();
  const [sort, setSort] = useState<TrialSort>(DEFAULT_TRIAL_SORT);
  const [filter, setFilter] = useState<TrialFilter>(NO_FILTER);
  const [filterGeneration, setFilterGeneration] = useState(0);
  // Held here, not in the row: a virtualised row scrolled out of view would take its dialog along.
  const [cloning, setCloning] = useState<Trial | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  const [viewport, setViewport] = useState({ scrollTop: 0, height: 600 });
  const [rowHeight, setRowHeight] = useState(DEFAULT_ROW_HEIGHT);
  const titleId = useId();
  // Paused trials' durations grow too: the back end counts them as running time.
  const anyRunning = trials.some((trial) => LIVE_TRIAL_STATES.includes(trial.state));
  const now = useNow(1000, anyRunning);
  const space = useStableValue(experiment.spec.space);
  const paramNames = useMemo(() => Object.keys(space), [space]);
  const filterKinds = useMemo(() => paramFilterKinds(space), [space]);
  const filtered = useMemo(() => filterTrials(trials, filter), [trials, filter]);
  // The clock matters to the order only when sorting by duration; otherwise a tick re-sorting ten
  // thousand trials every second while one runs is a long task for nothing.
  const sortClock = sort.key === 'duration' ? now : 0;
  const sorted = useMemo(() => sortTrials(filtered, sort, sortClock), [filtered, sort, sortClock]);
  // Only the rows in view (and a margin) are in the DOM; spacers keep the scrollbar true.
  const visible = rowWindow(viewport.scrollTop, viewport.height, rowHeight, sorted.length);
  const rows = sorted.slice(visible.start, visible.end);
  const columnCount = paramNames.length + 7;

  useEffect(() => {
    const node = scroller.current;
    if (node === null) return;
    const observer = new ResizeObserver(() => { setViewport((held) => (held.height === node.clientHeight ? held : { ...held, height: node.clientHeight })); });
    observer.observe(node);
    return () => { observer.disconnect(); };
  }, []);

  // Measured once rows exist, so a font or density change cannot skew the spacers.
  useLayoutEffect(() => {
    const first = body.current?.querySelector<HTMLTableRowElement>('tr[data-trial]');
    const height = first?.getBoundingClientRect().height;
    if (height !== undefined && height > 0 && Math.abs(height - rowHeight) > 0.5) setRowHeight(height);
  }, [rows.length, rowHeight]);
  const { metric, mode } = experiment.spec.objective;
  const bestTrialId = experiment.best?.trialId ?? null;
  const onSelect = useCallback((trialId: number, isSelected: boolean) => { selectTrial(isSelected ? null : trialId); }, [selectTrial]);
  const onClone = useCallback((trial: Trial) => { setCloning(trial); }, []);

  function header(key: TrialSortKey, label: string, className?: string) {
    const active = sort.key === key;
    return (
      <th scope="col" className={className} aria-sort={active ? sort.direction : undefined}>
        <button type="button" className="th-sort" onClick={() => { setSort(nextSort(sort, key, mode)); }}>
          {label}
          <span className="th-sort__arrow" aria-hidden="true">
            {active ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
          </span>
        </button>
      </th>
    );
  }

  return (
    <section className="panel trials" aria-labelledby={titleId}>
      <div className="panel__head">
        <h2 id={titleId}>Trials</h2>
        <span className="muted">
          {isFiltering(filter) ? `${sorted.length} of ${trials.length}` : trials.length} trial{trials.length === 1 ? '' : 's'} · value = {metric} ({mode})
        </span>
        {isFiltering(filter) && (
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => {
              setFilter(NO_FILTER);
              // Remounts the filter fields, so their typed text is cleared too.
              setFilterGeneration(filterGeneration + 1);
            }}
          >
            Clear filters
          </button>
        )}
      </div>
      {trials.length > 0 && <TrialFilters key={filterGeneration} trials={trials} kinds={filterKinds} filter={filter} onChange={setFilter} />}
      <div
        ref={scroller}
        className="table-scroll trials__scroll"
        onScroll={(event) => {
          const scrollTop = event.currentTarget.scrollTop;
          setViewport((held) => (held.scrollTop === scrollTop ? held : { ...held, scrollTop }));
        }}
      >
        <table className="trials__table" aria-label="Trials">
          <thead>
            <tr>
              {header('number', '#', 'col-number')}
              <th scope="col">State</th>
              {paramNames.map((name) => (
                <th scope="col" key={name} className="col-param">
                  {name}
                </th>
              ))}
              {header('value', 'Value', 'col-numeric')}
              {header('lastStep', 'Last step', 'col-numeric')}
              {header('duration', 'Duration', 'col-numeric')}
              <th scope="col" className="col-gpus">
                GPU
              </th>
              <th scope="col" className="col-actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody ref={body}>
            {visible.padTop > 0 && (
              <tr className="trials__spacer" aria-hidden="true">
                <td colSpan={columnCount} style={{ height: visible.padTop }} />
              </tr>
            )}
            {rows.map((trial) => (
              <TrialRow
                key={trial.id}
                trial={trial}
                paramNames={paramNames}
                isBest={trial.id === bestTrialId}
                readOnly={experiment.origin !== undefined}
                selected={trial.id === selectedTrialId}
                duration={trialDuration(trial, now)}
                onSelect={onSelect}
                onClone={onClone}
              />
            ))}
            {visible.padBottom > 0 && (
              <tr className="trials__spacer" aria-hidden="true">
                <td colSpan={columnCount} style={{ height: visible.padBottom }} />
              </tr>
            )}
          </tbody>
        </table>
        {trials.length > 0 && sorted.length === 0 && <p className="table-empty">No trial matches the filters.</p>}
        {trials.length === 0 && (
          <p className="table-empty">
            {!loaded ? 'Loading trials…' : experiment.state === 'draft' ? 'No trials yet. Start the experiment to run some.' : 'No trials yet.'}
          </p>
        )}
      </div>
      {cloning !== null && <CloneTrialDialog experiment={experiment} trial={cloning} onClose={() => { setCloning(null); }} />}
    </section>
  );
}

interface TrialRowProps {
  readonly trial: Trial;
  readonly paramNames: readonly string[];
  readonly isBest: boolean;
  /** An imported experiment's trials are a record: no controls. */
  readonly readOnly: boolean;
  readonly selected: boolean;
  readonly duration: number | null;
  readonly onSelect: (trialId: number, isSelected: boolean) => void;
  readonly onClone: (trial: Trial) => void;
}

const TrialRow = memo(function TrialRow({ trial, paramNames, isBest, readOnly, selected, duration, onSelect, onClone }: TrialRowProps) {
  const { controlTrial, openTrial } = useCommands();
  const [pending, setPending] = useState(false);
  const actions = readOnly ? [] : trialActions(trial.state);
  return (
    <tr data-trial={trial.id} className={`${selected ? 'is-selected' : ''}${isBest ? ' is-best' : ''}`} onClick={() => { onSelect(trial.id, selected); }}>
      <td className="col-number">
        <button
          type="button"
          className="row-select"
          aria-label={`Show log of trial ${trial.number}`}
          aria-expanded={selected}
          onClick={(event) => {
            event.stopPropagation();
            onSelect(trial.id, selected);
          }}
        >
          {trial.number}
        </button>
      </td>
      <td className="col-state">
        <span className="state-cell">
          <StateBadge state={trial.state} title={trial.message ?? STATE_NOTES[trial.state]} />
          {trial.state === 'paused' && <span className="state-note">keeps GPU memory</span>}
          {trial.stoppedEarly && (
            <span className="state-note" title={`Ended by the policy at step ${trial.lastStep ?? '—'}: its value there is not a final result, so it is never the best trial`}>
              stopped early
            </span>
          )}
          {trial.state === 'frozen' && trial.message !== null && (
            <span className="state-note state-note--message" title={trial.message}>
              {frozenNote(trial.message)}
            </span>
          )}
        </span>
      </td>
      {paramNames.map((name) => (
        <td key={name} className="col-param numeric">
          {formatParam(trial.params[name])}
        </td>
      ))}
      <td className="col-numeric numeric">
        {formatValue(trial.value)}
        {isBest && (
          <span className="best-mark" title="Best trial so far">
            {' '}
            ★
          </span>
        )}
      </td>
      <td className="col-numeric numeric">{trial.lastStep ?? '—'}</td>
      <td className="col-numeric numeric">{formatDuration(duration)}</td>
      <td className="col-gpus">{formatTrialGpus(trial)}</td>
      <td className="col-actions">
        <span className="row-actions">
          <button type="button" className="button button--small button--quiet" aria-label={`Open trial ${trial.number}`} title="Its page: params, every metric, timeline and log"
            onClick={(event) => { event.stopPropagation(); openTrial(trial.experimentId, trial.id); }}>
            Open
          </button>
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              className={`button button--small ${action === 'stop' ? 'button--quiet-danger' : 'button--quiet'}`}
              aria-label={trialActionName(action, trial.number)}
              title={TRIAL_ACTION_HINTS[action]}
              disabled={pending}
              onClick={(event) => {
                event.stopPropagation();
                setPending(true);
                void controlTrial(action, trial.id, trial.number).finally(() => { setPending(false); });
              }}
            >
              {TRIAL_ACTION_LABELS[action]}
            </button>
          ))}
          {!readOnly && (
            <button type="button" className="button button--small button--quiet" aria-label={cloneActionName(trial.number)} title={CLONE_ACTION_HINT}
              onClick={(event) => { event.stopPropagation(); onClone(trial); }}>
              Clone…
            </button>
          )}
        </span>
      </td>
    </tr>
  );
});
