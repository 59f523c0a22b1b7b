import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../../../main/store/store';
import type { ExperimentSpec } from '../../../../shared/experiment-file';
import { tempDir } from '../../../support/paths';

const spec: ExperimentSpec = {
  name: 'store-check',
  command: ['python3', 'train.py'],
  workdir: '/tmp',
  env: {},
  objective: { metric: 'loss', mode: 'min' },
  space: { x: { type: 'float', low: 0, high: 1, log: false } },
  search: { algorithm: 'random', seed: 1 },
  budget: { trials: 5, parallel: 1 },
  faults: { retries: 0, freeze_grace: 30, stop_grace: 5 },
  metrics: { patterns: 'default' },
  policy: { name: 'none' },
};

const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function openStore(): Store {
  const store = Store.open(path.join(tempDir(), 'store.db'));
  stores.push(store);
  return store;
}

describe('repositories', () => {
  it('a finished trial is never revived by a late transition', () => {
    const store = openStore();
    const experimentId = store.experiments.create({ spec, sourceYaml: '' }, 1);
    const trial = store.trials.create(experimentId, { x: 0.5 }, (n) => `/runs/${n}`, 1);
    expect(store.trials.transition(trial.id, ['queued'], 'running', { pid: 42, startedAt: 2 })).toBe(true);
    expect(store.trials.transition(trial.id, ['running'], 'completed', { exitCode: 0, endedAt: 3 })).toBe(true);
    expect(store.trials.transition(trial.id, ['queued', 'running'], 'failed', { message: 'late' })).toBe(false);
    expect(store.trials.require(trial.id)).toMatchObject({ state: 'completed', pid: 42, exitCode: 0, message: null, startedAt: 2, endedAt: 3 });
  });

  it('numbers trials per experiment and reports counts and the best completed trial by the objective mode', () => {
    const store = openStore();
    const minId = store.experiments.create({ spec, sourceYaml: '' }, 1);
    const maxId = store.experiments.create({ spec: { ...spec, objective: { metric: 'loss', mode: 'max' } }, sourceYaml: '' }, 1);
    for (const experimentId of [minId, maxId]) {
      for (const [value, state] of [[0.3, 'completed'], [0.1, 'completed'], [0.05, 'failed'], [0.9, 'completed']] as const) {
        const trial = store.trials.create(experimentId, { x: value }, (n) => `/runs/${experimentId}/${n}`, 1);
        store.trials.transition(trial.id, ['queued'], state, { value });
      }
    }
    expect(store.trials.listByExperiment(maxId).map((t) => t.number)).toEqual([1, 2, 3, 4]);
    const min = store.experiments.get(minId)!;
    expect(min.counts).toEqual({ queued: 0, running: 0, paused: 0, frozen: 0, completed: 3, failed: 1, stopped: 0, interrupted: 0 });
    // The failed trial's 0.05 does not count as best.
    expect(min.best).toMatchObject({ number: 2, value: 0.1 });
    expect(store.experiments.get(maxId)!.best).toMatchObject({ number: 4, value: 0.9 });
  });

  it('records a trial a policy stopped early, and never takes it for the best trial', () => {
    const store = openStore();
    const experimentId = store.experiments.create({ spec, sourceYaml: '' }, 1);
    const ran = store.trials.create(experimentId, { x: 0.2 }, (n) => `/runs/${n}`, 1);
    const early = store.trials.create(experimentId, { x: 0.8 }, (n) => `/runs/${n}`, 1);
    expect(store.trials.require(early.id).stoppedEarly).toBe(false);
    store.trials.transition(ran.id, ['queued'], 'completed', { value: 0.4, lastStep: 10, stoppedEarly: 0 });
    // Its loss at step 3 happens to be lower than the other's final one: it must still not be best.
    store.trials.transition(early.id, ['queued'], 'completed', { value: 0.1, lastStep: 3, stoppedEarly: 1 });
    expect(store.trials.require(early.id)).toMatchObject({ state: 'completed', value: 0.1, lastStep: 3, stoppedEarly: true });
    expect(store.trials.require(ran.id).stoppedEarly).toBe(false);
    const experiment = store.experiments.get(experimentId)!;
    expect(experiment.counts.completed).toBe(2);
    expect(experiment.best).toMatchObject({ number: 1, value: 0.4 });
  });

  it('keeps the later value when a step is reported twice', () => {
    const store = openStore();
    const experimentId = store.experiments.create({ spec, sourceYaml: '' }, 1);
    const trial = store.trials.create(experimentId, { x: 1 }, () => '/runs/1', 1);
    store.metrics.append([{ trialId: trial.id, name: 'loss', step: 1, value: 0.5, time: 1 }]);
    store.metrics.append([{ trialId: trial.id, name: 'loss', step: 1, value: 0.4, time: 2 }]);
    expect(store.metrics.listByExperiment(experimentId)).toEqual([{ trialId: trial.id, name: 'loss', step: 1, value: 0.4, time: 2 }]);
  });

  it('groups an experiment\'s points per trial and metric, steps ascending, for metrics/series', () => {
    const store = openStore();
    const experimentId = store.experiments.create({ spec, sourceYaml: '' }, 1);
    const other = store.experiments.create({ spec, sourceYaml: '' }, 1);
    const first = store.trials.create(experimentId, { x: 1 }, () => '/runs/1', 1);
    const second = store.trials.create(experimentId, { x: 2 }, () => '/runs/2', 1);
    const elsewhere = store.trials.create(other, { x: 3 }, () => '/runs/3', 1);
    store.metrics.append([
      { trialId: second.id, name: 'loss', step: 2, value: 0.2, time: 1 },
      { trialId: first.id, name: 'loss', step: 1, value: 0.5, time: 1 },
      { trialId: first.id, name: 'acc', step: 0, value: 0.1, time: 1 },
      { trialId: first.id, name: 'loss', step: 0, value: 0.9, time: 1 },
      { trialId: elsewhere.id, name: 'loss', step: 0, value: 7, time: 1 },
    ]);
    expect(store.metrics.seriesByExperiment(experimentId)).toEqual([
      { trialId: first.id, name: 'acc', steps: [0], values: [0.1] },
      { trialId: first.id, name: 'loss', steps: [0, 1], values: [0.9, 0.5] },
      { trialId: second.id, name: 'loss', steps: [2], values: [0.2] },
    ]);
    expect(store.metrics.seriesByExperiment(experimentId, ['acc'])).toEqual([{ trialId: first.id, name: 'acc', steps: [0], values: [0.1] }]);
  });
});
