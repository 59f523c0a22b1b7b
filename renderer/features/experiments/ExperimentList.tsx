import { useCallback, useState } from 'react';
import type { Experiment } from '../../../shared/domain';
import { useConnection, useExperimentIds, useExperimentsStatus, usePickedExperimentIds } from '../../state/hooks';
import { MessageText } from '../../ui/MessageText';
import { EXPERIMENT_SORT_LABELS, EXPERIMENT_SORTS, listedExperimentIds, type ExperimentSort } from './experiment-list';
import { ExperimentListItem } from './ExperimentListItem';

/** The sidebar list, searchable and sortable. Reads only ids; each row subscribes to its own experiment. */
export function ExperimentList() {
  const allIds = useExperimentIds();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<ExperimentSort>('newest');
  const pick = useCallback((experiments: readonly Experiment[]) => listedExperimentIds(experiments, search, sort), [search, sort]);
  const ids = usePickedExperimentIds(pick);
  const { loaded, loadError } = useExperimentsStatus();
  // Refused for want of a token: the banner above says so once, and what would fix it.
  const unauthorized = useConnection() === 'unauthorized';
  return (
    <nav aria-label="Experiments" className="experiment-list">
      {allIds.length > 0 && (
        <div className="experiment-list__tools">
          <input
            type="search"
            className="input input--small"
            placeholder="Search"
            aria-label="Search experiments"
            value={search}
            onChange={(event) => { setSearch(event.target.value); }}
          />
          <select className="select select--small" aria-label="Sort experiments" value={sort} onChange={(event) => { setSort(event.target.value as ExperimentSort); }}>
            {EXPERIMENT_SORTS.map((key) => (
              <option key={key} value={key}>
                {EXPERIMENT_SORT_LABELS[key]}
              </option>
            ))}
          </select>
        </div>
      )}
      {loadError !== null && !unauthorized && (
        <p className="sidebar-message sidebar-message--error" role="alert">
          <MessageText text={loadError} />
        </p>
      )}
      {!loaded && loadError === null && !unauthorized && <p className="sidebar-message">Loading experiments…</p>}
      {loaded && allIds.length === 0 && <p className="sidebar-message">No experiments yet.</p>}
      {allIds.length > 0 && ids.length === 0 && <p className="sidebar-message">No experiment matches “{search.trim()}”.</p>}
      {ids.length > 0 && (
        <ul className="experiment-list__items">
          {ids.map((id) => (
            <li key={id}>
              <ExperimentListItem experimentId={id} />
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
