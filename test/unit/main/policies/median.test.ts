import { describe, expect, it } from 'vitest';
import { createMedianPolicy, medianWarmup } from '../../../../main/policies/median';
import { context, flat, steps, trial } from './fixtures';

const median = createMedianPolicy({ name: 'median', seed: 1 });
const others = (count: number, value = 0.2, length = 100) => Array.from({ length: count }, (_, i) => trial(10 + i, flat(value, length), { state: 'completed' }));

describe('median stopping rule', () => {
  it('stops an obviously bad curve once past the warm-up (5% of max by default), not before', () => {
    const early = trial(1, flat(1, 4));
    expect(median.onReport(context([...others(3), early]), 1)).toEqual({ kind: 'continue' });
    const decision = median.onReport(context([...others(3), trial(1, flat(1, 5))]), 1);
    expect(decision).toEqual({ kind: 'stop', reason: expect.stringMatching(/median rule at step 5: best so far 1 is worse than the median 0.2 of 3 other trials/) });
  });

  it('does not judge at a step until min_trials other trials have reached it', () => {
    const bad = trial(1, flat(1, 10));
    const reachedOnlyEight = trial(20, flat(0.2, 8), { state: 'running' });
    expect(median.onReport(context([...others(2), reachedOnlyEight, bad]), 1).kind).toBe('continue');
    expect(median.onReport(context([...others(3), bad]), 1).kind).toBe('stop');
    const patient = createMedianPolicy({ name: 'median', seed: 1, min_trials: 5 });
    expect(patient.onReport(context([...others(4), bad]), 1).kind).toBe('continue');
    expect(patient.onReport(context([...others(5), bad]), 1).kind).toBe('stop');
  });

  it("compares the trial's best so far with the others' running averages up to the step", () => {
    // The others fall from 1 to 0.1 over ten steps: their running average at step 10 is 0.55.
    const falling = Array.from({ length: 3 }, (_, i) => trial(10 + i, steps(1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.1, 0.1), { state: 'completed' }));
    // Its last value is poor, but it once reached 0.5: better than 0.55.
    expect(median.onReport(context([...falling, trial(1, steps(0.9, 0.8, 0.7, 0.6, 0.5, 0.9, 0.9, 0.9, 0.9, 0.9))]), 1).kind).toBe('continue');
    expect(median.onReport(context([...falling, trial(1, steps(0.9, 0.8, 0.7, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6))]), 1)).toEqual({
      kind: 'stop',
      reason: expect.stringMatching(/best so far 0.6 is worse than the median 0.55/),
    });
  });

  it('lets a tie with the median go on (strictly worse stops)', () => {
    expect(median.onReport(context([...others(3, 0.5), trial(1, flat(0.5, 10))]), 1).kind).toBe('continue');
  });

  it('never stops a trial at or past max', () => {
    expect(median.onReport(context([...others(3), trial(1, flat(1, 100))]), 1).kind).toBe('continue');
  });

  it('reads "worse" the other way when maximising', () => {
    expect(median.onReport(context([...others(3, 0.8), trial(1, flat(0.1, 10))], { objective: 'max' }), 1).kind).toBe('stop');
    expect(median.onReport(context([...others(3, 0.1), trial(1, flat(0.8, 10))], { objective: 'max' }), 1).kind).toBe('continue');
  });

  it('counts a diverged (NaN) curve as the worst', () => {
    expect(median.onReport(context([...others(3), trial(1, flat(Number.NaN, 10))]), 1).kind).toBe('stop');
  });

  it('warms up for max(resource.min, ceil(5% of max)), at least one step, unless warmup_steps says otherwise', () => {
    expect(medianWarmup({ min: 1, max: 100 }, undefined)).toBe(5);
    expect(medianWarmup({ min: 10, max: 100 }, undefined)).toBe(10);
    expect(medianWarmup({ min: 0, max: 10 }, undefined)).toBe(1);
    expect(medianWarmup({ min: 1, max: 100 }, 0)).toBe(0);
    const late = createMedianPolicy({ name: 'median', seed: 1, warmup_steps: 20 });
    expect(late.onReport(context([...others(3), trial(1, flat(1, 19))]), 1).kind).toBe('continue');
    expect(late.onReport(context([...others(3), trial(1, flat(1, 20))]), 1).kind).toBe('stop');
  });

  it('never thaws and gives no first stop', () => {
    const ctx = context([...others(3), trial(1, flat(0.1, 10), { state: 'frozen' })]);
    expect(median.nextThaw(ctx)).toBeNull();
    expect(median.firstStop(ctx, 5)).toBeNull();
  });

  it('refuses settings that cannot be meant', () => {
    expect(() => createMedianPolicy({ name: 'median', seed: 1, min_trials: 0 })).toThrow(RangeError);
    expect(() => createMedianPolicy({ name: 'median', seed: 1, min_trials: 2.5 })).toThrow(/min_trials must be a whole number >= 1/);
    expect(() => createMedianPolicy({ name: 'median', seed: 1, warmup_steps: -1 })).toThrow(/warmup_steps/);
  });
});
