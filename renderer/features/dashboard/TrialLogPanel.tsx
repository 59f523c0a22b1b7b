import { useCallback, useEffect, useRef, useState } from 'react';
import type { TrialLog } from '../../../shared/api';
import { LIVE_TRIAL_STATES } from '../../../shared/domain';
import { useCommands, useTrial, useUiActions } from '../../state/hooks';
import { MessageText } from '../../ui/MessageText';

/** While a trial runs its log is re-read this often. */
const REFRESH_MS = 2000;

type LogState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly log: TrialLog }
  | { readonly kind: 'failed'; readonly message: string };

/** The tails of a trial's stdout and stderr, under the table. */
export function TrialLogPanel({ trialId }: { readonly trialId: number }) {
  const trial = useTrial(trialId);
  const { trialLog } = useCommands();
  const { selectTrial } = useUiActions();
  const [state, setState] = useState<LogState>({ kind: 'loading' });
  const latest = useRef(0);
  // Only a live process writes to the log; a queued, frozen or finished trial's log stands still.
  const running = trial !== undefined && LIVE_TRIAL_STATES.includes(trial.state);

  const load = useCallback(async () => {
    const request = ++latest.current;
    const reply = await trialLog(trialId);
    if (request !== latest.current) return;
    setState(reply.ok ? { kind: 'loaded', log: reply.value } : { kind: 'failed', message: reply.error.message });
  }, [trialId, trialLog]);

  useEffect(() => { setState({ kind: 'loading' }); }, [trialId]);

  // Read now, again every few seconds while it runs, and once more as it finishes (the last lines).
  useEffect(() => {
    void load();
    if (!running) return;
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => { clearInterval(timer); };
  }, [running, load]);

  const number = trial?.number ?? '?';
  return (
    <section className="panel trial-log" aria-label={`Log of trial ${number}`}>
      <div className="panel__head">
        <h2>Log of trial {number}</h2>
        {trial?.message != null && (
          <span className="trial-log__message">
            <MessageText text={trial.message} />
          </span>
        )}
        <div className="panel__controls">
          <button type="button" className="button button--small" onClick={() => void load()}>
            Refresh
          </button>
          <button type="button" className="button button--small button--quiet" onClick={() => { selectTrial(null); }}>
            Close
          </button>
        </div>
      </div>
      {state.kind === 'loading' && <p className="muted">Loading the log…</p>}
      {state.kind === 'failed' && (
        <p className="field-error" role="alert">
          Could not read the log: <MessageText text={state.message} />
        </p>
      )}
      {state.kind === 'loaded' && (
        <>
          {state.log.truncated && <p className="hint">Showing the end of the log; earlier output is in the trial folder {trial !== undefined && <code>{trial.dir}</code>}.</p>}
          <div className="trial-log__streams">
            <LogStream title="stdout" text={state.log.stdout} />
            <LogStream title="stderr" text={state.log.stderr} />
          </div>
        </>
      )}
    </section>
  );
}

function LogStream({ title, text }: { readonly title: string; readonly text: string }) {
  const pre = useRef<HTMLPreElement>(null);
  const followTail = useRef(true);
  // Follow the tail, the way a terminal does, unless the reader scrolled up.
  useEffect(() => {
    const node = pre.current;
    if (node !== null && followTail.current) node.scrollTop = node.scrollHeight;
  }, [text]);
  return (
    <div className="log-stream">
      <h3>{title}</h3>
      <pre
        ref={pre}
        className="log-stream__text"
        tabIndex={0}
        aria-label={title}
        onScroll={(event) => {
          const node = event.currentTarget;
          followTail.current = node.scrollHeight - node.scrollTop - node.clientHeight < 24;
        }}
      >
        {text === '' ? <span className="muted">(empty)</span> : text}
      </pre>
    </div>
  );
}
