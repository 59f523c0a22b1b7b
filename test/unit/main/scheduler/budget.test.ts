import { describe, expect, it } from 'vitest';
import { budgetExceeded, trialsSpent } from '../../../../main/scheduler/budget';
import type { Trial } from '../../../../shared/domain';
import { parseExperimentFile, type ExperimentSpec } from '../../../../shared/experiment-file';
import { trial as trialFixture } from '../../renderer/fixtures';

function spec(budget: Record<string, unknown>): ExperimentSpec {
  const parsed = parseExperimentFile(
    JSON.stringify({ name: 'b', command: ['python3'], objective: { metric: 'loss', mode: 'min' }, space: { x: { type: 'float', low: 0, high: 1 } }, budget: { trials: 10, ...budget } }),
  );
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { ...parsed.value, search: { algorithm: 'random', seed: 1 } };
}

const t = (overrides: Partial<Trial>): Trial => trialFixture(overrides);

describe('trials spent against budget.trials', () => {
  it('counts one place per configuration: retries and OOM re-queues share their original place', () => {
    const trials = [
      t({ id: 1, state: 'interrupted' }), // OOM, re-queued as 2
      t({ id: 2, state: 'failed', retryOf: 1 }), // crashed, retried as 3
      t({ id: 3, state: 'completed', retryOf: 2 }),
      t({ id: 4, state: 'completed' }),
      t({ id: 5, state: 'frozen' }),
      t({ id: 6, state: 'interrupted' }), // Tundra went away: no decision made about it
    ];
    expect(trialsSpent(trials)).toBe(3);
  });
});

describe('time and step budgets', () => {
  const now = 1_000_000;
  it('wall time counts from the first start', () => {
    expect(budgetExceeded(spec({ max_wall_time: '10s' }), [], now - 9_000, now)).toBeNull();
    expect(budgetExceeded(spec({ max_wall_time: '10s' }), [], now - 10_000, now)).toMatch(/budget.max_wall_time \(10s\)/);
  });

  it('trial time sums finished and running trials', () => {
    const trials = [t({ state: 'completed', startedAt: now - 50_000, endedAt: now - 30_000 }), t({ state: 'running', startedAt: now - 9_000, endedAt: null })];
    expect(budgetExceeded(spec({ max_trial_time: 30 }), trials, now - 60_000, now)).toBeNull();
    expect(budgetExceeded(spec({ max_trial_time: 29 }), trials, now - 60_000, now)).toMatch(/max_trial_time/);
  });

  it('steps sum each trial’s reported steps (last step + 1)', () => {
    const trials = [t({ lastStep: 9 }), t({ lastStep: 4 })];
    expect(budgetExceeded(spec({ max_steps: 16 }), trials, now, now)).toBeNull();
    expect(budgetExceeded(spec({ max_steps: 15 }), trials, now, now)).toMatch(/max_steps \(15 steps\)/);
  });
});
