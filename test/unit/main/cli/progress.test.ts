import { describe, expect, it } from 'vitest';
import { progressLine } from '../../../../main/cli/progress';
import { experiment } from '../../renderer/fixtures';

const counts = { queued: 0, running: 2, paused: 0, frozen: 0, completed: 4, failed: 1, stopped: 0, interrupted: 0 };

describe('the CLI progress line', () => {
  it('shows trials done of the budget, running, failed, best, elapsed and an ETA while running', () => {
    const line = progressLine(experiment({ state: 'running', startedAt: 0, counts, best: { trialId: 3, number: 3, value: 0.1234, params: {} } }), 50_000);
    expect(line).toBe('[############------------] 5/10 trials  2 running  1 failed  best loss 0.1234  elapsed 0:50  ETA 0:50');
  });

  it('names paused and frozen trials, and has no ETA once finished', () => {
    const line = progressLine(experiment({ state: 'paused', startedAt: 0, counts: { ...counts, running: 0, paused: 1, frozen: 1 } }), 50_000);
    expect(line).toMatch(/0 running {2}1 paused {2}1 frozen {2}1 failed/);
    expect(line).not.toMatch(/ETA/);
  });
});
