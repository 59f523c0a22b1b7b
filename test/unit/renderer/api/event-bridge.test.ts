import { describe, expect, it, vi } from 'vitest';
import { createCommands } from '../../../../renderer/api/commands';
import { createEventBridge, SUMMARY_REFRESH_MS } from '../../../../renderer/api/event-bridge';
import { createAppStore } from '../../../../renderer/state/store';
import type { GpuInfo, GpuSample } from '../../../../shared/domain';
import { experiment, point, trial } from '../fixtures';
import { fakeTransport, settle } from './fake-transport';

function gpu(index: number): GpuInfo {
  return { index, uuid: `GPU-${index}`, name: 'NVIDIA GeForce RTX 4090', memoryTotalMiB: 24564, memoryUsedMiB: 1000, utilizationPercent: 0 };
}

function sample(index: number, time: number, utilizationPercent: number): GpuSample {
  return { index, time, utilizationPercent, memoryUsedMiB: 2048, memoryTotalMiB: 24564 };
}

function setup() {
  return setupWith({});
}

function setupWith(replies: Parameters<typeof fakeTransport>[0], failures: Parameters<typeof fakeTransport>[1] = {}) {
  const fake = fakeTransport(
    {
      'experiments/list': () => [experiment({ id: 1 })],
      'trials/list': () => [trial({ id: 11, number: 1 })],
      'metrics/summary': () => ({ metric: 'loss', names: ['loss'], maxSeparate: 50, series: [{ trialId: 11, name: 'loss', steps: [0, 1], values: [1, 0.5] }], summarised: [], envelope: null }),
      'metrics/series': () => [{ trialId: 11, name: 'loss', steps: [0, 1], values: [1, 0.5] }, { trialId: 11, name: 'acc', steps: [0], values: [0.2] }],
      'experiments/create': () => experiment({ id: 2, name: 'created', createdAt: 5000 }),
      ...replies,
    },
    failures,
  );
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
    expect(calls.map((c) => c.channel).sort()).toEqual(['databases/current', 'experiments/list', 'metrics/summary', 'trials/list']);
  });

  it('another database opened drops what the old file held, goes home and lists the new file', async () => {
    let file = '/data/a.db';
    const database = () => ({ file, runsDir: file.replace('.db', '-runs'), created: false });
    const { store, commands, push, calls } = setupWith({
      'databases/current': database,
      'databases/open': database,
      'experiments/list': () => (file === '/data/a.db' ? [experiment({ id: 1 })] : [experiment({ id: 1, name: 'other file', revision: 0 })]),
    });
    commands.openExperiment(1);
    await settle();
    expect(store.getState().database?.file).toBe('/data/a.db');
    expect(store.getState().trials.byExperiment[1]).toHaveLength(1);

    file = '/data/b.db';
    calls.length = 0;
    push('database/opened', [database()]);
    expect(store.getState().ui.view).toEqual({ kind: 'home' });
    expect(store.getState().trials.byExperiment[1]).toBeUndefined();
    expect(store.getState().metrics.byTrial[11]).toBeUndefined();
    await settle();
    expect(calls.map((c) => c.channel)).toEqual(['experiments/list']);
    // Experiment 1 of the new file replaces the old one even with a lower revision: ids start over.
    expect(store.getState().experiments.byId[1]?.name).toBe('other file');
    expect(store.getState().database?.file).toBe('/data/b.db');

    // The reply to the client that asked, arriving after the push, changes nothing more.
    calls.length = 0;
    const reply = await commands.openDatabase('/data/b.db');
    expect(reply.ok).toBe(true);
    push('database/opened', [database()]);
    await settle();
    expect(calls.map((c) => c.channel)).toEqual(['databases/open']);
    expect(store.getState().experiments.byId[1]?.name).toBe('other file');
  });

  it('a page opened on an experiment fetches its metrics once, when the push channel connects, not also before', async () => {
    const fake = fakeTransport({
      'experiments/list': () => [experiment({ id: 1 })],
      'trials/list': () => [trial({ id: 11, number: 1 })],
      'metrics/summary': () => ({ metric: 'loss', names: ['loss'], maxSeparate: 50, series: [{ trialId: 11, name: 'loss', steps: [0], values: [1] }], summarised: [], envelope: null }),
    });
    const store = createAppStore({ ui: { view: { kind: 'experiment', experimentId: 1 } } });
    const bridge = createEventBridge(fake.transport, store);
    bridge.start();
    await settle();
    expect(fake.calls.filter((c) => c.channel === 'metrics/summary')).toHaveLength(0);
    fake.setConnection('connected');
    await settle();
    expect(fake.calls.filter((c) => c.channel === 'metrics/summary')).toHaveLength(1);
    expect(store.getState().metrics.byTrial[11]?.loss).toHaveLength(1);
    bridge.stop();
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
    await commands.controlExperiment('stop', 1);
    expect(store.getState().ui.notices[0]?.message).toMatch(/Could not stop the experiment/);
  });

  it('each experiment control calls its own channel and stores the experiment it returns', async () => {
    const { calls, commands, store } = setupWith({
      'experiments/pause': () => experiment({ id: 1, state: 'paused', revision: 2 }),
      'experiments/freeze': () => experiment({ id: 1, state: 'paused', revision: 3 }),
      'experiments/resume': () => experiment({ id: 1, state: 'running', revision: 4 }),
    });
    await commands.controlExperiment('pause', 1);
    expect(store.getState().experiments.byId[1]?.state).toBe('paused');
    await commands.controlExperiment('freeze', 1);
    await commands.controlExperiment('resume', 1);
    expect(store.getState().experiments.byId[1]?.state).toBe('running');
    expect(calls.filter((c) => c.channel.startsWith('experiments/') && c.channel !== 'experiments/list')).toEqual([
      { channel: 'experiments/pause', args: { experimentId: 1 } },
      { channel: 'experiments/freeze', args: { experimentId: 1 } },
      { channel: 'experiments/resume', args: { experimentId: 1 } },
    ]);
  });

  it('a refused pause (Windows) becomes a notice with the back end\'s reason', async () => {
    const { commands, store } = setupWith({}, { 'experiments/pause': { code: 'unsupported', message: 'Pausing is not supported on Windows; freeze the experiment instead.' } });
    await commands.controlExperiment('pause', 1);
    expect(store.getState().ui.notices.map((n) => n.message)).toEqual([
      'Could not pause the experiment: Pausing is not supported on Windows; freeze the experiment instead.',
    ]);
  });

  it('trial controls store the trial they return, and a retry adds the new trial', async () => {
    const { calls, commands, store } = setupWith({
      'trials/freeze': () => trial({ id: 11, number: 1, state: 'running', revision: 2 }),
      'trials/retry': () => trial({ id: 12, number: 2, state: 'queued', retryOf: 11 }),
    });
    commands.openExperiment(1);
    await settle();
    await commands.controlTrial('freeze', 11, 1);
    await commands.controlTrial('retry', 11, 1);
    expect(store.getState().trials.byExperiment[1]?.map((t) => [t.id, t.state])).toEqual([
      [11, 'running'],
      [12, 'queued'],
    ]);
    expect(calls.filter((c) => c.channel === 'trials/freeze' || c.channel === 'trials/retry').map((c) => c.channel)).toEqual(['trials/freeze', 'trials/retry']);
  });

  it('a failed trial control names the trial by number in its notice', async () => {
    const { commands, store } = setupWith({}, { 'trials/thaw': { code: 'conflict', message: 'Trial 3 is running; only a frozen, interrupted or stopped trial can be thawed.' } });
    await commands.controlTrial('thaw', 13, 3);
    expect(store.getState().ui.notices[0]?.message).toBe('Could not thaw trial 3: Trial 3 is running; only a frozen, interrupted or stopped trial can be thawed.');
  });

  it('loads the GPU status once asked, then keeps the newest pushed sample per GPU', async () => {
    const { calls, commands, push, store } = setupWith({
      'gpus/status': () => ({ status: { kind: 'gpus', devices: [gpu(0), gpu(1)] }, samples: [sample(0, 100, 10)] }),
    });
    commands.loadGpus();
    await settle();
    expect(calls.find((c) => c.channel === 'gpus/status')?.args).toEqual({ sinceMs: expect.any(Number) });
    expect(store.getState().gpus.status?.kind).toBe('gpus');
    push('gpus/sampled', [sample(0, 200, 50), sample(1, 200, 60)]);
    push('gpus/sampled', [sample(0, 150, 99)]);
    expect(store.getState().gpus.latest[0]?.utilizationPercent).toBe(50);
    expect(store.getState().gpus.latest[1]?.utilizationPercent).toBe(60);
  });

  it('a GPU sample leaves experiments, trials and metrics untouched', async () => {
    const { push, store } = setup();
    await settle();
    const before = store.getState();
    push('gpus/sampled', [sample(0, 200, 50)]);
    const after = store.getState();
    expect([after.experiments, after.trials, after.metrics]).toEqual([before.experiments, before.trials, before.metrics]);
    expect(after.experiments).toBe(before.experiments);
    expect(after.trials).toBe(before.trials);
  });

  it('after a reconnect it re-fetches the GPU status too, once a dashboard asked for it', async () => {
    const { calls, commands, setConnection } = setupWith({ 'gpus/status': () => ({ status: { kind: 'none', reason: 'no nvidia-smi on PATH' }, samples: [] }) });
    commands.loadGpus();
    await settle();
    calls.length = 0;
    setConnection('reconnecting');
    setConnection('connected');
    await settle();
    expect(calls.map((c) => c.channel)).toContain('gpus/status');
  });

  it('a failed GPU status is kept for the GPU line to show', async () => {
    const { commands, store } = setup();
    commands.loadGpus();
    await settle();
    expect(store.getState().gpus.loadError).toBe('gpus/status');
  });

  it('a trial control\'s reply older than a push that overtook it does not undo the push', async () => {
    const { commands, store, push } = setupWith({ 'trials/stop': () => trial({ id: 11, number: 1, state: 'running', revision: 2 }) });
    commands.openExperiment(1);
    await settle();
    const stopping = commands.controlTrial('stop', 11, 1);
    // The process exited at once; its push reached the page before the HTTP reply did.
    push('trials/updated', [trial({ id: 11, number: 1, state: 'stopped', revision: 3 })]);
    await stopping;
    expect(store.getState().trials.byExperiment[1]?.map((t) => [t.state, t.revision])).toEqual([['stopped', 3]]);
  });

  it('an experiment control\'s stale reply does not undo a newer push either', async () => {
    const { commands, store, push } = setupWith({ 'experiments/stop': () => experiment({ id: 1, state: 'stopping', revision: 4 }) });
    await settle();
    const stopping = commands.controlExperiment('stop', 1);
    push('experiments/updated', [experiment({ id: 1, state: 'stopped', revision: 5 })]);
    await stopping;
    expect(store.getState().experiments.byId[1]?.state).toBe('stopped');
  });

  it('opening a trial shows its page and loads its experiment only when not already held, and the trial\'s every curve once', async () => {
    const { calls, commands, store } = setup();
    commands.openTrial(1, 11);
    await settle();
    expect(store.getState().ui.view).toEqual({ kind: 'trial', experimentId: 1, trialId: 11 });
    expect(calls.filter((c) => c.channel === 'trials/list')).toHaveLength(1);
    expect(calls.filter((c) => c.channel === 'metrics/series').map((c) => c.args)).toEqual([{ experimentId: 1, trialIds: [11] }]);
    expect(store.getState().metrics.fullTrials[11]).toBe(true);
    expect(Object.keys(store.getState().metrics.byTrial[11] ?? {}).sort()).toEqual(['acc', 'loss']);
    commands.openExperiment(1);
    await settle();
    calls.length = 0;
    commands.openTrial(1, 11);
    await settle();
    expect(calls.filter((c) => c.channel === 'trials/list' || c.channel === 'metrics/series' || c.channel === 'metrics/summary')).toEqual([]);
  });

  it('the dashboard loads a summary of the chart\'s metric, not every curve; the trial page then fetches its trial\'s', async () => {
    const { calls, commands, store } = setup();
    commands.openExperiment(1);
    await settle();
    expect(calls.filter((c) => c.channel === 'metrics/summary').map((c) => c.args)).toEqual([{ experimentId: 1, maxSeparate: 50 }]);
    expect(calls.some((c) => c.channel === 'metrics/series')).toBe(false);
    expect(store.getState().metrics.summaries[1]?.names).toEqual(['loss']);
    commands.openTrial(1, 11);
    await settle();
    expect(calls.filter((c) => c.channel === 'metrics/series').map((c) => c.args)).toEqual([{ experimentId: 1, trialIds: [11] }]);
  });

  it('a summary that no longer fits is fetched again once, a second later; asking for another metric at once drops that refresh', async () => {
    vi.useFakeTimers();
    try {
      const summary = (args: unknown) => {
        const name = (args as { name?: string }).name ?? 'loss';
        return { metric: name, names: ['acc', 'loss'], maxSeparate: 50, series: [], summarised: [], envelope: null };
      };
      const { calls, commands, store } = setupWith({ 'metrics/summary': summary });
      commands.openExperiment(1);
      await settle();
      calls.length = 0;
      commands.loadCurveSummary(1, 'loss', 'soon');
      commands.loadCurveSummary(1, 'loss', 'soon');
      await vi.advanceTimersByTimeAsync(SUMMARY_REFRESH_MS);
      expect(calls.filter((c) => c.channel === 'metrics/summary').map((c) => c.args)).toEqual([{ experimentId: 1, maxSeparate: 50, name: 'loss' }]);

      calls.length = 0;
      commands.loadCurveSummary(1, 'loss', 'soon');
      commands.loadCurveSummary(1, 'acc', 'now');
      await vi.advanceTimersByTimeAsync(SUMMARY_REFRESH_MS * 2);
      expect(calls.filter((c) => c.channel === 'metrics/summary').map((c) => c.args)).toEqual([{ experimentId: 1, maxSeparate: 50, name: 'acc' }]);
      expect(store.getState().metrics.summaries[1]?.metric).toBe('acc');
    } finally {
      vi.useRealTimers();
    }
  });
});
