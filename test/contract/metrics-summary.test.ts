import { afterEach, describe, expect, it } from 'vitest';
import type { CurveSummary, StoredSeries } from '../../shared/api';
import { isLiveCurve } from '../../shared/curve-envelope';
import type { MetricPoint, Trial, TrialState } from '../../shared/domain';
import { parseExperimentFile } from '../../shared/experiment-file';
import { curveEnvelope, HIGHLIGHTED_CURVES, MAX_SEPARATE_CURVES, splitCurves } from '../../renderer/charts/learning-curves-figure';
import { TRIALS_PER_READ } from '../../main/api/curve-summary';
import { createRng } from '../../shared/rng';
import { experimentYaml, openTestBackend, type TestBackend } from '../support/backend';

/**
 * metrics/summary through the real dispatch (argument parsing included) on a real SQLite file,
 * checked against what the renderer computes from every curve: the same split and envelope.
 */

const backends: TestBackend[] = [];
afterEach(async () => {
  for (const backend of backends.splice(0)) await backend.close();
});

function open(): TestBackend {
  const backend = openTestBackend({ recover: 'none' });
  backends.push(backend);
  return backend;
}

interface Seeded {
  readonly experimentId: number;
  readonly live: readonly number[];
}

/**
 * `finished` completed trials with curves of val_loss (uneven lengths and step spacing) and a few
 * of acc, then a running, a paused and a frozen trial with partial curves.
 */
function seed(backend: TestBackend, finished: number): Seeded {
  const { store } = backend;
  const parsed = parseExperimentFile(experimentYaml({ command: ['python3', 'train.py'], budget: { trials: finished + 10, parallel: 3 } }));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const experimentId = store.experiments.create({ spec: { ...parsed.value, workdir: backend.dir, search: { algorithm: 'random', seed: 1 } }, sourceYaml: '' }, 1);
  store.experiments.transition(experimentId, ['draft'], 'running', { startedAt: 1 });
  // Seeded, so the curves are the same on every run.
  const rng = createRng(7);
  const random = () => rng.next();
  const points: MetricPoint[] = [];
  const curve = (trialId: number, steps: number, every: number) => {
    const speed = 3 + 20 * random();
    let value = Number.NaN;
    for (let index = 0; index < steps; index += 1) {
      value = 0.1 + Math.exp(-index / speed) + 0.05 * random();
      points.push({ trialId, name: 'val_loss', step: index * every, value, time: index });
    }
    return value;
  };
  for (let index = 0; index < finished; index += 1) {
    const trial = store.trials.create(experimentId, { x: random() }, (number) => `${backend.dir}/runs/${number}`, 1);
    const value = curve(trial.id, 5 + Math.floor(40 * random()), index % 3 === 0 ? 2 : 1);
    if (index % 10 === 0) points.push({ trialId: trial.id, name: 'acc', step: 0, value: random(), time: 0 });
    store.trials.transition(trial.id, ['queued'], 'running', { startedAt: 1 });
    store.trials.transition(trial.id, ['running'], 'completed', { value, exitCode: 0, endedAt: 2 });
  }
  const live: number[] = [];
  for (const state of ['running', 'paused', 'frozen'] as const satisfies readonly TrialState[]) {
    const trial = store.trials.create(experimentId, { x: random() }, (number) => `${backend.dir}/runs/${number}`, 1);
    curve(trial.id, 12, 1);
    store.trials.transition(trial.id, ['queued'], 'running', { startedAt: 1 });
    if (state !== 'running') store.trials.transition(trial.id, ['running'], state, {});
    live.push(trial.id);
  }
  store.metrics.append(points);
  return { experimentId, live };
}

async function call<T>(backend: TestBackend, channel: string, args: unknown): Promise<T> {
  const reply = await backend.dispatch(channel, args);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
  return reply.value as T;
}

const toPoints = (entry: StoredSeries) => entry.steps.map((step, index) => ({ step, value: entry.values[index] ?? Number.NaN }));

/** What the renderer draws from every curve (metrics/series): the split and the envelope of its rest. */
async function drawnFromEveryCurve(backend: TestBackend, experimentId: number, maxSeparate: number) {
  const experiment = await call<{ best: { trialId: number } | null }>(backend, 'experiments/get', { experimentId });
  const trials = await call<Trial[]>(backend, 'trials/list', { experimentId });
  const all = await call<StoredSeries[]>(backend, 'metrics/series', { experimentId, names: ['val_loss'] });
  const byTrial = new Map(all.map((entry) => [entry.trialId, toPoints(entry)]));
  const split = splitCurves({ trials, series: trials.map((trial) => byTrial.get(trial.id)), bestTrialId: experiment.best?.trialId ?? null, objectiveMode: 'min', maxSeparate });
  return { split, byTrial, trials };
}

describe('metrics/summary', () => {
  it('sends the curves the chart draws on their own and every live one in full, and the envelope the renderer computes from every curve for the rest', async () => {
    const backend = open();
    // More trials than one read takes: the curves are read in ranges of trial numbers.
    const finished = 2 * TRIALS_PER_READ + 30;
    const { experimentId, live } = seed(backend, finished);
    const summary = await call<CurveSummary>(backend, 'metrics/summary', { experimentId, maxSeparate: MAX_SEPARATE_CURVES });
    const { split, byTrial } = await drawnFromEveryCurve(backend, experimentId, MAX_SEPARATE_CURVES);

    expect(summary.metric).toBe('val_loss');
    expect(summary.names).toEqual(['acc', 'val_loss']);
    const rest = split.rest.filter((curve) => !isLiveCurve(curve.trial));
    expect(summary.summarised).toEqual(rest.map((curve) => curve.trial.id));
    expect(summary.summarised.length).toBe(finished - HIGHLIGHTED_CURVES);
    expect(summary.envelope).toEqual(curveEnvelope(rest));
    expect(summary.envelope?.curves).toBe(finished - HIGHLIGHTED_CURVES);
    // Every curve not summarised is sent whole, the live ones among them, with the stored values.
    const sent = new Map(summary.series.map((entry) => [entry.trialId, entry]));
    expect(live.every((trialId) => sent.has(trialId))).toBe(true);
    expect([...sent.keys()].sort((a, b) => a - b)).toEqual([...new Set([...split.separate.map((curve) => curve.trial.id), ...live])].sort((a, b) => a - b));
    for (const [trialId, entry] of sent) {
      expect(entry.name).toBe('val_loss');
      expect(toPoints(entry)).toEqual(byTrial.get(trialId));
    }
  });

  it('is the same when asked again, and follows a trial that finishes or is thawed', async () => {
    const backend = open();
    const { experimentId, live } = seed(backend, 80);
    const first = await call<CurveSummary>(backend, 'metrics/summary', { experimentId, maxSeparate: MAX_SEPARATE_CURVES });
    expect(await call<CurveSummary>(backend, 'metrics/summary', { experimentId, maxSeparate: MAX_SEPARATE_CURVES })).toEqual(first);

    // The running trial ends worse than the best few: it joins the envelope.
    const running = live[0]!;
    backend.store.metrics.append([{ trialId: running, name: 'val_loss', step: 12, value: 50, time: 12 }]);
    backend.store.trials.transition(running, ['running'], 'completed', { value: 50, exitCode: 0, endedAt: 3 });
    const after = await call<CurveSummary>(backend, 'metrics/summary', { experimentId, maxSeparate: MAX_SEPARATE_CURVES });
    expect(after.summarised).toContain(running);
    expect(after.series.map((entry) => entry.trialId)).not.toContain(running);
    const { split } = await drawnFromEveryCurve(backend, experimentId, MAX_SEPARATE_CURVES);
    expect(after.envelope).toEqual(curveEnvelope(split.rest.filter((curve) => !isLiveCurve(curve.trial))));

    // Thawed, it can grow again: sent whole, out of the envelope.
    backend.store.trials.transition(running, ['completed'], 'running', {});
    const thawed = await call<CurveSummary>(backend, 'metrics/summary', { experimentId, maxSeparate: MAX_SEPARATE_CURVES });
    expect(thawed.summarised).not.toContain(running);
    expect(thawed.series.find((entry) => entry.trialId === running)?.steps).toHaveLength(13);
  });

  it('forgets a deleted experiment: the next one, given its ids again by SQLite, gets its own summary', async () => {
    const backend = open();
    const first = seed(backend, 80);
    const before = await call<CurveSummary>(backend, 'metrics/summary', { experimentId: first.experimentId, maxSeparate: MAX_SEPARATE_CURVES });
    backend.store.experiments.transition(first.experimentId, ['running'], 'stopped', { finishedAt: 3 });
    await call(backend, 'experiments/delete', { experimentId: first.experimentId });
    // The same experiment again, ids and revisions too, but the envelope's curves start elsewhere
    // (written as a store import would, without a trial's revision moving).
    const second = seed(backend, 80);
    expect(second.experimentId).toBe(first.experimentId);
    backend.store.metrics.append(before.summarised.map((trialId) => ({ trialId, name: 'val_loss', step: 0, value: 40, time: 0 })));
    const after = await call<CurveSummary>(backend, 'metrics/summary', { experimentId: second.experimentId, maxSeparate: MAX_SEPARATE_CURVES });
    expect(after.summarised).toEqual(before.summarised);
    expect(after.envelope?.median[0]).toBe(40);
    const { split } = await drawnFromEveryCurve(backend, second.experimentId, MAX_SEPARATE_CURVES);
    expect(after.envelope).toEqual(curveEnvelope(split.rest.filter((curve) => !isLiveCurve(curve.trial))));
    expect(after.envelope).not.toEqual(before.envelope);
  });

  it('sends every curve and no envelope when the chart would draw each on its own', async () => {
    const backend = open();
    const { experimentId } = seed(backend, 30);
    const summary = await call<CurveSummary>(backend, 'metrics/summary', { experimentId, maxSeparate: MAX_SEPARATE_CURVES, name: 'val_loss' });
    expect(summary.envelope).toBeNull();
    expect(summary.summarised).toEqual([]);
    expect(summary.series).toEqual(await call<StoredSeries[]>(backend, 'metrics/series', { experimentId, names: ['val_loss'] }));
    const acc = await call<CurveSummary>(backend, 'metrics/summary', { experimentId, maxSeparate: MAX_SEPARATE_CURVES, name: 'acc' });
    expect(acc.series.map((entry) => entry.name)).toEqual(['acc', 'acc', 'acc']);
  });

  it('refuses bad arguments naming the field and the fix', async () => {
    const backend = open();
    const { experimentId } = seed(backend, 3);
    const noLimit = await backend.dispatch('metrics/summary', { experimentId });
    expect(noLimit).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(!noLimit.ok && noLimit.error.message).toMatch(/maxSeparate/);
    const zero = await backend.dispatch('metrics/summary', { experimentId, maxSeparate: 0 });
    expect(!zero.ok && zero.error.message).toMatch(/maxSeparate: must be at least 1/);
    const emptyName = await backend.dispatch('metrics/summary', { experimentId, maxSeparate: 50, name: '' });
    expect(!emptyName.ok && emptyName.error.message).toMatch(/name: give the metric to summarise/);
    const extra = await backend.dispatch('metrics/summary', { experimentId, maxSeparate: 50, steps: 3 });
    expect(!extra.ok && extra.error.message).toMatch(/steps/);
    expect(await backend.dispatch('metrics/summary', { experimentId: 999, maxSeparate: 50 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('metrics/series of some trials', () => {
  it('sends every curve of the trials asked for, and nothing of another experiment\'s', async () => {
    const backend = open();
    const { experimentId } = seed(backend, 12);
    const other = seed(backend, 2);
    const every = await call<StoredSeries[]>(backend, 'metrics/series', { experimentId });
    const trialId = every.find((entry) => entry.name === 'acc')!.trialId;
    const some = await call<StoredSeries[]>(backend, 'metrics/series', { experimentId, trialIds: [trialId, other.live[0]!] });
    expect(some).toEqual(every.filter((entry) => entry.trialId === trialId));
    expect(some.map((entry) => entry.name)).toEqual(['acc', 'val_loss']);
    const none = await backend.dispatch('metrics/series', { experimentId, trialIds: [] });
    expect(!none.ok && none.error.message).toMatch(/trialIds: give at least one trial id/);
  });
});
