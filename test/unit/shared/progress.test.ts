import { describe, expect, it } from 'vitest';
import type { Experiment, TrialCounts } from '../../../shared/domain';
import type { ExperimentSpec } from '../../../shared/experiment-file';
import { experimentElapsedMs, experimentProgress } from '../../../shared/progress';

const NO_TRIALS: TrialCounts = { queued: 0, running: 0, completed: 0, failed: 0, stopped: 0, interrupted: 0, paused: 0, frozen: 0 };
const START = 1_000_000;

function experiment(options: {
  state?: Experiment['state'];
  counts?: Partial<TrialCounts>;
  budget?: Partial<ExperimentSpec['budget']>;
  startedAt?: number | null;
  finishedAt?: number | null;
}): Experiment {
  return {
    id: 1,
    name: 'sweep',
    state: options.state ?? 'running',
    spec: {
      name: 'sweep',
      command: ['python3', 'train.py'],
      workdir: '/work',
      env: {},
      objective: { metric: 'loss', mode: 'min' },
      space: { lr: { type: 'float', low: 0.001, high: 0.1, log: true } },
      search: { algorithm: 'random', seed: 1 },
      budget: { trials: 10, parallel: 2, ...options.budget },
      faults: { retries: 0, freeze_grace: 30, stop_grace: 5 },
      metrics: { patterns: 'default' },
      policy: { name: 'none' },
    },
    sourceYaml: '',
    createdAt: START,
    startedAt: options.startedAt === undefined ? START : options.startedAt,
    finishedAt: options.finishedAt ?? null,
    message: null,
    counts: { ...NO_TRIALS, ...options.counts },
    revision: 1,
    best: null,
  };
}

describe('experiment progress', () => {
  it('counts completed, failed and stopped trials against budget.trials, not interrupted, frozen or live ones', () => {
    const progress = experimentProgress(
      experiment({ counts: { completed: 2, failed: 1, stopped: 1, interrupted: 3, frozen: 2, paused: 1, running: 1, queued: 1 } }),
      START + 60_000,
    );
    expect(progress).toMatchObject({ limitedBy: 'budget.trials', done: 4, total: 10, fraction: 0.4 });
  });

  it('extrapolates the time left from the time so far once a share is done', () => {
    // 4 of 10 in 60 s: 6 more take 90 s.
    const progress = experimentProgress(experiment({ counts: { completed: 4 } }), START + 60_000);
    expect(progress.etaMs).toBeCloseTo(90_000);
  });

  it('has no ETA before the first trial finishes, nor unless the experiment is running', () => {
    expect(experimentProgress(experiment({}), START + 60_000).etaMs).toBeNull();
    for (const state of ['paused', 'stopping', 'stopped', 'completed', 'failed', 'draft'] as const) {
      expect(experimentProgress(experiment({ state, counts: { completed: 4 } }), START + 60_000).etaMs).toBeNull();
    }
  });

  it('is measured against max_wall_time when the clock runs out before the trials do', () => {
    // 2 of 10 trials (20 %) but 30 of 60 minutes (50 %).
    const progress = experimentProgress(experiment({ counts: { completed: 2 }, budget: { max_wall_time: 3600 } }), START + 1_800_000);
    expect(progress).toMatchObject({ limitedBy: 'budget.max_wall_time', done: 1800, total: 3600, fraction: 0.5 });
    // The wall clock's ETA is simply what is left of it.
    expect(progress.etaMs).toBeCloseTo(1_800_000);
  });

  it('stays with budget.trials when that is the tighter budget', () => {
    const progress = experimentProgress(experiment({ counts: { completed: 8 }, budget: { max_wall_time: 3600 } }), START + 600_000);
    expect(progress).toMatchObject({ limitedBy: 'budget.trials', done: 8, total: 10 });
    expect(progress.etaMs).toBeCloseTo(150_000);
  });

  it('stops the clock at the end of a finished experiment', () => {
    const finished = experiment({ state: 'completed', counts: { completed: 3 }, budget: { max_wall_time: 100 }, finishedAt: START + 100_000 });
    expect(experimentElapsedMs(finished, START + 999_000)).toBe(100_000);
    expect(experimentProgress(finished, START + 999_000)).toMatchObject({ limitedBy: 'budget.max_wall_time', fraction: 1, etaMs: null });
  });

  it('caps the share at 1 when retries finish more trials than the budget holds', () => {
    const progress = experimentProgress(experiment({ state: 'completed', counts: { completed: 10, failed: 2 }, finishedAt: START + 1000 }), START + 1000);
    expect(progress.fraction).toBe(1);
    expect(progress.done).toBe(12);
  });

  it('is zero, with no ETA, for an experiment that never started', () => {
    const progress = experimentProgress(experiment({ state: 'draft', startedAt: null, budget: { max_wall_time: 60 } }), START + 5000);
    expect(progress).toEqual({ fraction: 0, done: 0, total: 10, etaMs: null, limitedBy: 'budget.trials' });
  });

  it('ignores max_steps and max_trial_time, which the experiment record cannot measure', () => {
    const progress = experimentProgress(experiment({ counts: { completed: 1 }, budget: { max_steps: 10, max_trial_time: 1 } }), START + 60_000);
    expect(progress.limitedBy).toBe('budget.trials');
  });
});
