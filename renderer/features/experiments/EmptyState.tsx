import { useUiActions } from '../../state/hooks';

/** What a first start shows: no experiments yet, and the two ways to make one. */
export function EmptyState() {
  const { show, requestExamples } = useUiActions();
  return (
    <section className="empty-state" aria-labelledby="empty-state-title">
      <h1 id="empty-state-title">No experiments yet</h1>
      <p>
        An experiment runs your training command many times, each time with other hyperparameters, and
        shows which ones work best. Start from an example, or paste your own experiment file.
      </p>
      <div className="empty-state__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            requestExamples(true);
            show({ kind: 'new-experiment' });
          }}
        >
          Try an example
        </button>
        <button type="button" className="button" onClick={() => { show({ kind: 'new-experiment' }); }}>
          New experiment
        </button>
      </div>
    </section>
  );
}
