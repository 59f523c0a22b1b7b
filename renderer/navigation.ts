import type { Commands } from './api/commands';
import type { AppStore } from './state/store';
import { sameView, viewFromHash, viewToHash, type View } from './state/ui-slice';

/**
 * Keeps the address's fragment (`#/experiments/3`, `#/new`) in step with the view, so a reload comes
 * back to the same place and Back/Forward move between views. The store stays the source of truth.
 */
export function bindViewToLocation(store: AppStore, commands: Commands): () => void {
  function go(view: View): void {
    if (view.kind === 'experiment') commands.openExperiment(view.experimentId);
    else if (view.kind === 'trial') commands.openTrial(view.experimentId, view.trialId);
    else store.getState().uiActions.show(view);
  }

  const unsubscribe = store.subscribe((state, previous) => {
    if (sameView(state.ui.view, previous.ui.view)) return;
    const hash = viewToHash(state.ui.view);
    if (hash === window.location.hash) return;
    const target = hash === '' ? `${window.location.pathname}${window.location.search}` : hash;
    try {
      window.history.pushState(null, '', target);
    } catch {
      // Some file:// setups refuse history entries; the view still changes, only Back does not.
    }
  });

  const onPopState = () => {
    const view = viewFromHash(window.location.hash);
    if (!sameView(view, store.getState().ui.view)) go(view);
  };
  window.addEventListener('popstate', onPopState);
  return () => {
    unsubscribe();
    window.removeEventListener('popstate', onPopState);
  };
}
