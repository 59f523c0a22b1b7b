import { useConnection, useExperimentIds, useExperimentsStatus } from '../../state/hooks';
import { MessageText } from '../../ui/MessageText';
import { ExperimentListItem } from './ExperimentListItem';

/** The sidebar list. Reads only ids; each row subscribes to its own experiment. */
export function ExperimentList() {
  const ids = useExperimentIds();
  const { loaded, loadError } = useExperimentsStatus();
  // Refused for want of a token: the banner above says so once, and what would fix it.
  const unauthorized = useConnection() === 'unauthorized';
  return (
    <nav aria-label="Experiments" className="experiment-list">
      {loadError !== null && !unauthorized && (
        <p className="sidebar-message sidebar-message--error" role="alert">
          <MessageText text={loadError} />
        </p>
      )}
      {!loaded && loadError === null && !unauthorized && <p className="sidebar-message">Loading experiments…</p>}
      {loaded && ids.length === 0 && <p className="sidebar-message">No experiments yet.</p>}
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
