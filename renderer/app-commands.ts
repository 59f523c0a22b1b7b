import type { AppCommand, DesktopBridge, MenuExperimentControl } from '../shared/desktop';
import type { Experiment } from '../shared/domain';
import { assertNever } from '../shared/result';
import { browserShortcutFor, commandForShortcut, isMacPlatform, type KeyChord } from '../shared/shortcuts';
import type { Commands } from './api/commands';
import { experimentActions } from './features/dashboard/experiment-actions';
import type { AppStore } from './state/store';
import type { View } from './state/ui-slice';

/**
 * App commands (shared/desktop.ts) from the desktop app's menu and notifications, or from the
 * keyboard in a browser, turned into what the page does. Deciding is pure (planAppCommand);
 * doing is a few store and command calls (runAppCommand).
 */

export type AppCommandStep =
  | { readonly kind: 'show-new-experiment' }
  | { readonly kind: 'open-import' }
  | { readonly kind: 'edit-file'; readonly path: string }
  | { readonly kind: 'open-experiment'; readonly experimentId: number }
  | { readonly kind: 'open-trial'; readonly experimentId: number; readonly trialId: number }
  | { readonly kind: 'control'; readonly control: MenuExperimentControl; readonly experimentId: number }
  | { readonly kind: 'notice'; readonly message: string };

const CONTROL_WORDS: { readonly [C in MenuExperimentControl]: { readonly verb: string; readonly done: string } } = {
  start: { verb: 'Start', done: 'started' },
  pause: { verb: 'Pause all', done: 'paused' },
  freeze: { verb: 'Freeze all', done: 'frozen' },
  resume: { verb: 'Resume', done: 'resumed' },
  stop: { verb: 'Stop', done: 'stopped' },
};

/**
 * What a command means for what is on screen. The Experiment commands act on the experiment shown
 * (its dashboard or one of its trials) and only where its header offers the same button, so a
 * shortcut can never do what a click could not; otherwise a notice says why nothing happened.
 */
export function planAppCommand(command: AppCommand, view: View, experimentOf: (id: number) => Experiment | undefined): AppCommandStep {
  switch (command.command) {
    case 'new-experiment':
      return { kind: 'show-new-experiment' };
    case 'import':
      return { kind: 'open-import' };
    case 'open-experiment-file':
      return { kind: 'edit-file', path: command.path };
    case 'show-experiment':
      return { kind: 'open-experiment', experimentId: command.experimentId };
    case 'show-trial':
      return { kind: 'open-trial', experimentId: command.experimentId, trialId: command.trialId };
    case 'experiment-control': {
      const words = CONTROL_WORDS[command.control];
      // A trial's page belongs to its experiment, as its header's controls do.
      const experimentId = view.kind === 'experiment' || view.kind === 'trial' ? view.experimentId : null;
      if (experimentId === null) return { kind: 'notice', message: `${words.verb}: open an experiment first; the Experiment commands act on the one on screen.` };
      const experiment = experimentOf(experimentId);
      if (experiment === undefined) return { kind: 'notice', message: `${words.verb}: this experiment is still loading; try again in a moment.` };
      if (experimentActions(experiment).some((action) => action.control === command.control)) return { kind: 'control', control: command.control, experimentId };
      const why = experiment.origin !== undefined ? 'it is an imported, read-only record' : `it is ${experiment.state}`;
      return { kind: 'notice', message: `“${experiment.name}” cannot be ${words.done} now: ${why}.` };
    }
    default:
      return assertNever(command);
  }
}

export function runAppCommand(command: AppCommand, store: AppStore, commands: Commands): void {
  const state = store.getState();
  const ui = state.uiActions;
  const step = planAppCommand(command, state.ui.view, (id) => state.experiments.byId[id]);
  switch (step.kind) {
    case 'show-new-experiment':
      ui.show({ kind: 'new-experiment' });
      return;
    case 'open-import':
      ui.requestImport(true);
      return;
    case 'edit-file':
      // A file on this machine: the editor creates from it (its folder is the base folder).
      ui.editDraft({ path: step.path });
      ui.show({ kind: 'new-experiment' });
      return;
    case 'open-experiment':
      commands.openExperiment(step.experimentId);
      return;
    case 'open-trial':
      commands.openTrial(step.experimentId, step.trialId);
      return;
    case 'control':
      void commands.controlExperiment(step.control, step.experimentId);
      return;
    case 'notice':
      ui.notify(step.message);
      return;
    default:
      assertNever(step);
  }
}

/**
 * The app command a key press gives in a browser, or null. Nothing fires while a modal dialog is
 * open: its own keys (Escape, typing) belong to it, and the page behind it is inert.
 */
export function commandForKey(chord: KeyChord, mac: boolean, modalOpen: boolean): AppCommand | null {
  if (modalOpen) return null;
  const action = browserShortcutFor(chord, mac);
  return action === null ? null : commandForShortcut(action);
}

/**
 * Delivers app commands to the page: the native menu's and notifications' in the desktop app (its
 * menu owns the accelerators there, so the page does not listen for them too), keys in a browser.
 */
export function installAppCommands(store: AppStore, commands: Commands, desktop: DesktopBridge | null): () => void {
  if (desktop !== null) return desktop.onCommand((command) => { runAppCommand(command, store, commands); });
  const mac = isMacPlatform(navigator.platform);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.repeat || event.defaultPrevented) return;
    const command = commandForKey(event, mac, document.querySelector('dialog[open]') !== null);
    if (command === null) return;
    event.preventDefault();
    runAppCommand(command, store, commands);
  };
  window.addEventListener('keydown', onKeyDown);
  return () => { window.removeEventListener('keydown', onKeyDown); };
}
