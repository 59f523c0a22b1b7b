import type { Experiment, Trial } from '../../../../shared/domain';
import type { ParamValues } from '../../../../shared/search-space';

/** An experiment whose space has a conditional parameter (momentum only for sgd) and awkward names. */
export function experiment(overrides: Partial<Experiment> = {}): Experiment {
  return {
    id: 3,
    name: 'mnist sweep/v2',
    state: 'completed',
    spec: {
      name: 'mnist sweep/v2',
      command: ['python3', 'train.py', '--lr={lr}'],
      workdir: '/work',
      env: {},
      objective: { metric: 'val_loss', mode: 'min' },
      space: {
        lr: { type: 'float', low: 1e-12, high: 1e30, log: true },
        'model.hidden': { type: 'int', low: 1, high: 1024, log: false },
        optimizer: { type: 'categorical', choices: ['sgd', 'adam w', "it's", 'a,b', 'two\nlines', 'say "hi"', '$HOME', 'true', '1e3', ''] },
        momentum: { type: 'float', low: 0, high: 1, log: false, when: { optimizer: 'sgd' } },
        augment: { type: 'bool' },
      },
      search: { algorithm: 'random', seed: 7 },
      budget: { trials: 10, parallel: 2 },
      faults: { retries: 0, freeze_grace: 30, stop_grace: 5 },
      metrics: { patterns: 'default' },
      policy: { name: 'none' },
    },
    sourceYaml: '',
    createdAt: 1000,
    startedAt: 1000,
    finishedAt: 5000,
    message: null,
    counts: { queued: 0, running: 0, completed: 2, failed: 1, stopped: 0, interrupted: 0, paused: 0, frozen: 0 },
    best: null,
    revision: 1,
    ...overrides,
  };
}

export function trial(number: number, params: ParamValues, overrides: Partial<Trial> = {}): Trial {
  return {
    id: 100 + number,
    experimentId: 3,
    number,
    state: 'completed',
    params,
    value: 0.5,
    lastStep: 10,
    exitCode: 0,
    message: null,
    pid: null,
    dir: `/runs/${number}`,
    checkpointDir: `/runs/${number}/checkpoint`,
    thaws: 0,
    untilStep: null,
    retryOf: null,
    gpus: null,
    stoppedEarly: false,
    revision: 1,
    createdAt: 1000,
    startedAt: Date.UTC(2026, 11, 3, 8, 0, 0),
    endedAt: Date.UTC(2026, 11, 3, 8, 0, 12, 500),
    ...overrides,
  };
}
