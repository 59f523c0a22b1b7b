import { assertNever } from '../../shared/result';
import type { ConnectionState } from '../api/transport';
import { useConnection, useTransportKind } from '../state/hooks';

function label(state: ConnectionState): string {
  switch (state) {
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return 'Connected';
    case 'reconnecting':
      return 'Reconnecting…';
    case 'unauthorized':
      return 'Not authorized';
    default:
      return assertNever(state);
  }
}

/** The push channel's state; shown only in a browser, where the WebSocket can drop. */
export function ConnectionIndicator() {
  const kind = useTransportKind();
  const state = useConnection();
  if (kind === 'electron') return null;
  return (
    <div className={`connection connection--${state}`} role="status" title="Live updates from the Tundra server">
      <span className="connection__dot" aria-hidden="true" />
      {label(state)}
    </div>
  );
}
