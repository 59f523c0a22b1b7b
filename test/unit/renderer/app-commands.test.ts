import { describe, expect, it } from 'vitest';
import { createCommands } from '../../../renderer/api/commands';
import { findDesktopBridge } from '../../../renderer/api/desktop';
import { createEventBridge } from '../../../renderer/api/event-bridge';
import { commandForKey, planAppCommand, runAppCommand } from '../../../renderer/app-commands';
import { createAppStore } from '../../../renderer/state/store';
import type { Experiment } from '../../../shared/domain';
import { isMacPlatform, type KeyChord } from '../../../shared/shortcuts';
import { fakeTransport, settle } from './api/fake-transport';
import { experiment, trial } from './fixtures';

const lookup = (...list: Experiment[]) => (id: number) => list.find((item) => item.id === id);

describe('planning app commands against what is on screen', () => {
  it('an Experiment command acts on the experiment shown, from its dashboard or one of its trials', () => {
    const running = experiment({ id: 4, state: 'running' });
    const pause = { command: 'experiment-control', control: 'pause' } as const;
    expect(planAppCommand(pause, { kind: 'experiment', experimentId: 4 }, lookup(running))).toEqual({ kind: 'control', control: 'pause', experimentId: 4 });
    expect(planAppCommand(pause, { kind: 'trial', experimentId: 4, trialId: 9 }, lookup(running))).toEqual({ kind: 'control', control: 'pause', experimentId: 4 });
  });

  it('only what the header offers: a completed experiment cannot be paused, a draft can only start', () => {
    const completed = experiment({ id: 1, name: 'mnist', state: 'completed' });
    const draft = experiment({ id: 2, state: 'draft' });
    const onScreen = (id: number) => ({ kind: 'experiment', experimentId: id }) as const;
    expect(planAppCommand({ command: 'experiment-control', control: 'pause' }, onScreen(1), lookup(completed))).toEqual({
      kind: 'notice',
      message: '“mnist” cannot be paused now: it is completed.',
    });
    expect(planAppCommand({ command: 'experiment-control', control: 'start' }, onScreen(2), lookup(draft)).kind).toBe('control');
    expect(planAppCommand({ command: 'experiment-control', control: 'stop' }, onScreen(2), lookup(draft)).kind).toBe('notice');
  });

  it('an imported study is read-only; with no experiment open the notice says what to do', () => {
    const imported = experiment({ id: 3, name: 'study', state: 'completed', origin: { kind: 'optuna-study', source: 's', importedAt: 0 } });
    expect(planAppCommand({ command: 'experiment-control', control: 'resume' }, { kind: 'experiment', experimentId: 3 }, lookup(imported))).toEqual({ kind: 'notice', message: '“study” cannot be resumed now: it is an imported, read-only record.' });
    expect(planAppCommand({ command: 'experiment-control', control: 'stop' }, { kind: 'home' }, lookup())).toEqual({
      kind: 'notice',
      message: 'Stop: open an experiment first; the Experiment commands act on the one on screen.',
    });
  });
});

describe('running app commands', () => {
  function setup() {
    const fake = fakeTransport({
      'experiments/list': () => [experiment({ id: 1, state: 'running' }), experiment({ id: 2, name: 'done', state: 'completed' })],
      'experiments/pause': () => experiment({ id: 1, state: 'paused', revision: 2 }),
      'trials/list': () => [trial({ id: 7, number: 7 })],
      'metrics/summary': () => ({ metric: 'loss', names: [], maxSeparate: 50, series: [], summarised: [], envelope: null }),
    });
    const store = createAppStore();
    const bridge = createEventBridge(fake.transport, store);
    const commands = createCommands(fake.transport, bridge, store);
    bridge.start();
    return { ...fake, store, commands };
  }

  it('Pause all on the open dashboard pauses that experiment through the API', async () => {
    const { store, commands, calls } = setup();
    await settle();
    commands.openExperiment(1);
    runAppCommand({ command: 'experiment-control', control: 'pause' }, store, commands);
    await settle();
    expect(calls.filter((call) => call.channel === 'experiments/pause')).toEqual([{ channel: 'experiments/pause', args: { experimentId: 1 } }]);
    expect(store.getState().experiments.byId[1]?.state).toBe('paused');
  });

  it('a refused command calls nothing and leaves a notice', async () => {
    const { store, commands, calls } = setup();
    await settle();
    commands.openExperiment(2);
    runAppCommand({ command: 'experiment-control', control: 'pause' }, store, commands);
    await settle();
    expect(calls.some((call) => call.channel === 'experiments/pause')).toBe(false);
    expect(store.getState().ui.notices.map((notice) => notice.message)).toEqual(['“done” cannot be paused now: it is completed.']);
  });

  it('new experiment, import, an opened file and a clicked notification each land where they should', async () => {
    const { store, commands } = setup();
    await settle();
    runAppCommand({ command: 'new-experiment' }, store, commands);
    expect(store.getState().ui.view).toEqual({ kind: 'new-experiment' });
    runAppCommand({ command: 'import' }, store, commands);
    expect(store.getState().ui.importRequested).toBe(true);
    runAppCommand({ command: 'open-experiment-file', path: '/home/me/p/experiment.yaml' }, store, commands);
    expect(store.getState().ui.draft.path).toBe('/home/me/p/experiment.yaml');
    runAppCommand({ command: 'show-trial', experimentId: 1, trialId: 7 }, store, commands);
    expect(store.getState().ui.view).toEqual({ kind: 'trial', experimentId: 1, trialId: 7 });
    runAppCommand({ command: 'show-experiment', experimentId: 2 }, store, commands);
    expect(store.getState().ui.view).toEqual({ kind: 'experiment', experimentId: 2 });
  });
});

describe('browser keys', () => {
  const press = (code: string, modifiers: Partial<KeyChord>): KeyChord => ({ key: code.replace(/^Key/, '').toLowerCase(), code, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...modifiers });

  it('map to app commands, except while a modal dialog is open', () => {
    expect(commandForKey(press('KeyF', { ctrlKey: true, shiftKey: true }), false, false)).toEqual({ command: 'experiment-control', control: 'freeze' });
    expect(commandForKey(press('KeyF', { ctrlKey: true, shiftKey: true }), false, true)).toBeNull();
    expect(commandForKey(press('KeyN', { altKey: true, shiftKey: true }), false, false)).toEqual({ command: 'new-experiment' });
    expect(commandForKey(press('KeyF', { ctrlKey: true }), false, false)).toBeNull();
  });

  it('know a Mac by its platform string', () => {
    expect(isMacPlatform('MacIntel')).toBe(true);
    expect(isMacPlatform('iPad')).toBe(true);
    expect(isMacPlatform('Linux x86_64')).toBe(false);
    expect(isMacPlatform('Win32')).toBe(false);
    expect(isMacPlatform('darwin')).toBe(true);
  });
});

describe('the desktop bridge', () => {
  it('is found only when the preload exposed every member', () => {
    const fn = () => undefined;
    const full = { chooseFolder: fn, saveFile: fn, openExperimentFile: fn, openDatabaseFile: fn, onCommand: fn };
    expect(findDesktopBridge({ tundra: { invoke: fn, on: fn, desktop: full } })).toBe(full);
    expect(findDesktopBridge({ tundra: { invoke: fn, on: fn } })).toBeNull();
    expect(findDesktopBridge({ tundra: { desktop: { ...full, saveFile: 'x' } } })).toBeNull();
    expect(findDesktopBridge({})).toBeNull();
  });
});
