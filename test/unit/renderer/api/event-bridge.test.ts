import { describe, expect, it } from 'vitest';
import { createCommands } from '../../../../renderer/api/commands';
import { createEventBridge } from '../../../../renderer/api/event-bridge';
import { createAppStore } from '../../../../renderer/state/store';
import { experiment, point, trial } from '../fixtures';
import { fakeTransport, settle } from './fake-transport';

function setup() {
  const fake = fakeTransport({
    'experiments/list': () => [experiment({ id: 1 })],
    'trials/list': () => [trial({ id: 11, number: 1 })],
    'metrics/list': () => [point(11, 0, 1), point(11, 1, 0.5)],
    'experiments/create': () => experiment({ id: 2, name: 'created', createdAt: 5000 }),
  });
  const store = createAppStore();
  const bridge = createEventBridge(fake.transport, store);
  const commands = createCommands(fake.transport, bridge, store);
  bridge.start();
  return { ...fake, store, bridge, commands };
}

describe('event bridge', () => {
  it('fetches the experiment list on start', async () => {
    const { store } = setup();
    await settle();
    expect(store.getState().experiments.order).toEqual([1]);
  });

  it('opening an experiment loads its trials and metrics', async () => {
    const { store, commands } = setup();
    commands.openExperiment(1);
    await settle();
    const state = store.getState();
    expect(state.ui.view).toEqual({ kind: 'experiment', experimentId: 1 });
    expect(state.trials.byExperiment[1]?.map((t) => t.id)).toEqual([11]);
    expect(state.metrics.byTrial[11]?.loss).toHaveLength(2);
  });

  it('upserts pushed experiments and trials and appends pushed metrics', async () => {
    const { store, commands, push } = setup();
    commands.openExperiment(1);
    await settle();
    push('experiments/updated', [experiment({ id: 1, state: 'completed' })]);
    push('trials/updated', [trial({ id: 11, number: 1, state: 'completed', value: 0.4 })]);
    push('metrics/appended', [point(11, 2, 0.4)]);
    const state = store.getState();
    expect(state.experiments.byId[1]?.state).toBe('completed');
    expect(state.trials.byExperiment[1]?.[0]?.value).toBe(0.4);
    expect(state.metrics.byTrial[11]?.loss?.map((s) => s.step)).toEqual([0, 1, 2]);
  });

  it("a metric tick does not touch the experiment list's data", async () => {
    const { store, commands, push } = setup();
    commands.openExperiment(1);
    await settle();
    const before = store.getState().experiments;
    push('metrics/appended', [point(11, 2, 0.4)]);
    expect(store.getState().experiments).toBe(before);
  });

  it('after a reconnect it re-fetches the list and the open experiment', async () => {
    const { calls, commands, setConnection, store } = setup();
    commands.openExperiment(1);
    await settle();
    calls.length = 0;
    setConnection('reconnecting');
    expect(store.getState().ui.connection).toBe('reconnecting');
    setConnection('connected');
    await settle();
    expect(calls.map((c) => c.channel).sort()).toEqual(['experiments/list', 'metrics/list', 'trials/list']);
  });

  it('a created experiment is stored and opened', async () => {
    const { commands, store } = setup();
    await settle();
    const reply = await commands.createExperiment({ kind: 'text', yaml: 'name: x', baseDir: '/work' }, true);
    expect(reply.ok).toBe(true);
    expect(store.getState().experiments.order).toEqual([2, 1]);
    expect(store.getState().ui.view).toEqual({ kind: 'experiment', experimentId: 2 });
  });

  it('a failed stop becomes a notice', async () => {
    const { commands, store } = setup();
    await commands.stopExperiment(1);
    expect(store.getState().ui.notices[0]?.message).toMatch(/Could not stop the experiment/);
  });
});
