import { assertNever } from '../shared/result';
import { UNAUTHORIZED_MESSAGE } from './api/transport';
import { Dashboard } from './features/dashboard/Dashboard';
import { NewExperimentPanel } from './features/editor/NewExperimentPanel';
import { EmptyState } from './features/experiments/EmptyState';
import { ExperimentList } from './features/experiments/ExperimentList';
import { DatabaseBar } from './features/experiments/DatabaseBar';
import { ImportButton } from './features/experiments/ImportButton';
import { useKeyShortcut } from './lib/use-key-shortcut';
import { HomeHint } from './features/experiments/HomeHint';
import { TrialPage } from './features/trial/TrialPage';
import { useConnection, useExperimentIds, useExperimentsStatus, useUiActions, useView } from './state/hooks';
import type { View } from './state/ui-slice';
import { ConnectionIndicator } from './ui/ConnectionIndicator';
import { MessageText } from './ui/MessageText';
import { Notices } from './ui/Notices';

export function App() {
  const connection = useConnection();
  return (
    <div className="app">
      <header className="topbar">
        <span className="topbar__brand">Tundra</span>
        <ConnectionIndicator />
      </header>
      {connection === 'unauthorized' && (
        <div className="banner banner--error" role="alert">
          <MessageText text={UNAUTHORIZED_MESSAGE} />
        </div>
      )}
      <div className="workspace">
        <Sidebar />
        <main className="main">
          <Notices />
          <MainView />
        </main>
      </div>
    </div>
  );
}

function Sidebar() {
  const ids = useExperimentIds();
  const view = useView();
  const { show } = useUiActions();
  const newShortcut = useKeyShortcut('new-experiment');
  // With no experiments the empty state offers "New experiment"; one button by that name at a time.
  const offerNew = ids.length > 0;
  return (
    <aside className="sidebar">
      <div className="sidebar__head">
        <h2 className="sidebar__title">Experiments</h2>
        <span className="sidebar__head-actions">
          {offerNew && (
            <button
              type="button"
              className="button button--primary button--small"
              aria-pressed={view.kind === 'new-experiment' ? true : undefined}
              aria-keyshortcuts={newShortcut}
              onClick={() => { show({ kind: 'new-experiment' }); }}
            >
              New experiment
            </button>
          )}
          <ImportButton />
        </span>
      </div>
      <DatabaseBar />
      <ExperimentList />
    </aside>
  );
}

function MainView() {
  const view = useView();
  const ids = useExperimentIds();
  const { loaded } = useExperimentsStatus();
  const connection = useConnection();
  if (connection === 'unauthorized') {
    return (
      <section className="home-hint">
        <h1>Not connected</h1>
        <p>
          Open the link that <code>tundra serve</code> printed in its terminal; it ends in <code>?token=…</code>. This tab
          remembers the token until it is closed.
        </p>
      </section>
    );
  }
  return renderView(view, loaded && ids.length === 0);
}

function renderView(view: View, noExperiments: boolean) {
  switch (view.kind) {
    case 'home':
      return noExperiments ? <EmptyState /> : <HomeHint />;
    case 'new-experiment':
      return <NewExperimentPanel />;
    case 'experiment':
      return <Dashboard key={view.experimentId} experimentId={view.experimentId} />;
    case 'trial':
      return <TrialPage key={view.trialId} experimentId={view.experimentId} trialId={view.trialId} />;
    default:
      return assertNever(view);
  }
}
