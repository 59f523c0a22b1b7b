import { useEffect, useRef } from 'react';
import { useTrial, useUiActions } from '../../state/hooks';
import { MessageText } from '../../ui/MessageText';
import { useTrialLog } from '../trial/use-trial-log';

/** The tails of a trial's stdout and stderr, under the table. */
export function TrialLogPanel({ trialId }: { readonly trialId: number }) {
  const trial = useTrial(trialId);
  const { selectTrial } = useUiActions();
  const { log: state, reload } = useTrialLog(trialId, trial?.state);

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
          <button type="button" className="button button--small" onClick={reload}>
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
