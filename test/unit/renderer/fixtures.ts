import type { Experiment, MetricPoint, Trial } from '../../../shared/domain';

/** Small builders for renderer unit tests; each field can be overridden. */

export function experiment(overrides: Partial<Experiment> = {}): Experiment {
  return {
    id: 1,
    name: 'sweep',
    state: 'running',
    spec: {
      name: 'sweep',
      command: ['python3', 'train.py', '--lr={lr}'],
      workdir: '/work',
      env: {},
      objective: { metric: 'loss', mode: 'min' },
      space: { lr: { type: 'float', low: 0.0001, high: 0.1, log: true }, layers: { type: 'int', low: 1, high: 4, log: false } },
      search: { algorithm: 'random', seed: 1 },
      budget: { trials: 10, parallel: 2 },
      faults: { retries: 0, freeze_grace: 30, stop_grace: 5 },
  metrics: { patterns: 'default' },
  policy: { name: 'none' },
    },
    sourceYaml: '',
    createdAt: 1000,
    startedAt: 1000,
    finishedAt: null,
    message: null,
    counts: { queued: 0, running: 0, completed: 0, failed: 0, stopped: 0, interrupted: 0, paused: 0, frozen: 0 },
    best: null,
    revision: 1,
    ...overrides,
  };
}

export function trial(overrides: Partial<Trial> = {}): Trial {
  const id = overrides.id ?? 1;
  return {
    id,
    experimentId: 1,
    number: id,
    state: 'running',
    params: { lr: 0.01, layers: 2 },
    value: null,
    lastStep: null,
    exitCode: null,
    message: null,
    pid: null,
    dir: `/work/runs/${id}`,
    checkpointDir: `/work/runs/${id}/checkpoint`,
    thaws: 0,
    untilStep: null,
    retryOf: null,
    gpus: null,
    stoppedEarly: false,
    revision: 1,
    createdAt: 1000,
    startedAt: 1000,
    endedAt: null,
    ...overrides,
  };
}

export function point(trialId: number, step: number, value: number, name = 'loss'): MetricPoint {
  return { trialId, step, name, value, time: 0 };
}
