import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { Trial } from '../../../shared/domain';
import { useCommands, useUiActions } from '../../state/hooks';
import { MessageText } from '../../ui/MessageText';
import { logFileName, searchLog } from './log-search';
import { useTrialLog } from './use-trial-log';

/** A download takes the whole log up to what the API hands out at most, not just the tail shown. */
const DOWNLOAD_MAX_BYTES = 4_000_000;

type Stream = 'stdout' | 'stderr';

/** The live tail of the trial's stdout and stderr, searchable, and downloadable whole. */
export function TrialLogView({ experimentName, trial }: { readonly experimentName: string; readonly trial: Trial }) {
  const { log, reload } = useTrialLog(trial.id, trial.state);
  const { trialLog } = useCommands();
  const { notify } = useUiActions();
  const [query, setQuery] = useState('');
  const [onlyMatching, setOnlyMatching] = useState(false);
  // Typing stays responsive on a long log: the search runs on the deferred query.
  const deferredQuery = useDeferredValue(query);

  async function download(stream: Stream): Promise<void> {
    const reply = await trialLog(trial.id, DOWNLOAD_MAX_BYTES);
    if (!reply.ok) {
      notify(`Could not download the ${stream} of trial ${trial.number}: ${reply.error.message}`);
      return;
    }
    const url = URL.createObjectURL(new Blob([reply.value[stream]], { type: 'text/plain;charset=utf-8' }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = logFileName(experimentName, trial.number, stream);
    anchor.click();
    // The click has started the download by the time the next task runs.
    setTimeout(() => { URL.revokeObjectURL(url); }, 0);
  }

  return (
    <section className="panel trial-log" aria-label={`Log of trial ${trial.number}`}>
      <div className="panel__head">
        <h2>Log</h2>
        <div className="panel__controls">
          <label className="inline-field">
            <span className="visually-hidden">Search the log</span>
            <input
              type="search"
              className="input trial-log__search"
              placeholder="Search the log"
              aria-label="Search the log"
              value={query}
              onChange={(event) => { setQuery(event.target.value); }}
            />
          </label>
          <label className="inline-field">
            <input type="checkbox" checked={onlyMatching} onChange={(event) => { setOnlyMatching(event.target.checked); }} />
            Only matching lines
          </label>
          <button type="button" className="button button--small" onClick={reload}>
            Refresh
          </button>
          <button type="button" className="button button--small" onClick={() => void download('stdout')}>
            Download stdout
          </button>
          <button type="button" className="button button--small" onClick={() => void download('stderr')}>
            Download stderr
          </button>
        </div>
      </div>
      {log.kind === 'loading' && <p className="muted">Loading the log…</p>}
      {log.kind === 'failed' && (
        <p className="field-error" role="alert">
          Could not read the log: <MessageText text={log.message} />
        </p>
      )}
      {log.kind === 'loaded' && (
        <>
          {log.log.truncated && (
            <p className="hint">
              Showing the end of the log; the downloads hold more, and all of it is in <code>{trial.dir}</code>.
            </p>
          )}
          <div className="trial-log__streams">
            <SearchedStream title="stdout" text={log.log.stdout} query={deferredQuery} onlyMatching={onlyMatching} />
            <SearchedStream title="stderr" text={log.log.stderr} query={deferredQuery} onlyMatching={onlyMatching} />
          </div>
        </>
      )}
    </section>
  );
}

interface SearchedStreamProps {
  readonly title: Stream;
  readonly text: string;
  readonly query: string;
  readonly onlyMatching: boolean;
}

function SearchedStream({ title, text, query, onlyMatching }: SearchedStreamProps) {
  const result = useMemo(() => searchLog(text, query, onlyMatching), [text, query, onlyMatching]);
  const pre = useRef<HTMLPreElement>(null);
  const followTail = useRef(true);
  // Follow the tail, the way a terminal does, unless the reader scrolled up or is searching.
  useEffect(() => {
    const node = pre.current;
    if (node === null) return;
    if (query !== '') {
      // The first match into view, inside the box only (scrollIntoView would move the page too).
      const mark = node.querySelector('mark');
      if (mark !== null) node.scrollTop += mark.getBoundingClientRect().top - node.getBoundingClientRect().top - 8;
      return;
    }
    if (followTail.current) node.scrollTop = node.scrollHeight;
  }, [result, query]);
  return (
    <div className="log-stream">
      <h3>
        {title}
        {query !== '' && (
          <span className="muted log-stream__count">
            {' '}
            · {result.matchingLines} matching line{result.matchingLines === 1 ? '' : 's'}
          </span>
        )}
      </h3>
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
        {text === '' ? (
          <span className="muted">(empty)</span>
        ) : (
          result.lines.map((line) => (
            <span key={line.number} className="log-line">
              {line.segments.map((segment, index) => (segment.match ? <mark key={index}>{segment.text}</mark> : segment.text))}
              {'\n'}
            </span>
          ))
        )}
      </pre>
    </div>
  );
}
