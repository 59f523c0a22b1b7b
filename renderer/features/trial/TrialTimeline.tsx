import { useEffect, useMemo, useState } from 'react';
import type { TrialEvent } from '../../../shared/api';
import type { Trial } from '../../../shared/domain';
import { useCommands } from '../../state/hooks';
import { MessageText } from '../../ui/MessageText';
import { buildTrialTimeline } from './trial-timeline';

type EventsState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly events: readonly TrialEvent[] }
  | { readonly kind: 'failed'; readonly message: string };

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** What happened to the trial, oldest first; re-read whenever its record changes. */
export function TrialTimeline({ trial }: { readonly trial: Trial }) {
  const { trialEvents } = useCommands();
  const [state, setState] = useState<EventsState>({ kind: 'loading' });
  // Each state change bumps the revision; the events that go with it are stored in the same
  // transaction, so reading after the push sees them.
  const { id, revision } = trial;
  useEffect(() => {
    let current = true;
    void trialEvents(id).then((reply) => {
      if (!current) return;
      setState(reply.ok ? { kind: 'loaded', events: reply.value } : { kind: 'failed', message: reply.error.message });
    });
    return () => { current = false; };
  }, [id, revision, trialEvents]);

  const entries = useMemo(() => buildTrialTimeline(trial, state.kind === 'loaded' ? state.events : []), [trial, state]);
  return (
    <section className="panel trial-timeline">
      <div className="panel__head">
        <h2>Timeline</h2>
      </div>
      {state.kind === 'failed' && (
        <p className="field-error" role="alert">
          Could not read the events: <MessageText text={state.message} />
        </p>
      )}
      <ol className="timeline" aria-label="Timeline">
        {entries.map((entry, index) => (
          <li key={index} className={`timeline__entry timeline__entry--${entry.kind}`}>
            <time className="timeline__time numeric" dateTime={new Date(entry.time).toISOString()}>
              {clock(entry.time)}
            </time>
            <span className="timeline__label">{entry.label}</span>
            {entry.detail !== '' && (
              <span className="timeline__detail">
                <MessageText text={entry.detail} />
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
