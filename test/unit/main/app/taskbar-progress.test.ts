import { describe, expect, it } from 'vitest';
import type { TrialCounts } from '../../../../shared/domain';
import { NO_TASKBAR_PROGRESS, taskbarChanged, taskbarProgress, taskbarTicks } from '../../../../main/app/taskbar-progress';
import { experiment } from '../../renderer/fixtures';

const counts = (finished: number): TrialCounts => ({ queued: 0, running: 1, completed: finished, failed: 0, stopped: 0, interrupted: 0, paused: 0, frozen: 0 });
const NOW = 10_000;

describe('taskbar progress', () => {
  it('nothing under way removes the bar', () => {
    expect(taskbarProgress([], NOW)).toEqual(NO_TASKBAR_PROGRESS);
    expect(taskbarProgress([experiment({ state: 'completed', counts: counts(10) }), experiment({ id: 2, state: 'draft' })], NOW)).toEqual({ progress: -1, mode: 'none' });
  });

  it('running experiments show the mean of their progress', () => {
    // 3 of 10 and 8 of 10 trials finished: (0.3 + 0.8) / 2.
    const bar = taskbarProgress([experiment({ id: 1, counts: counts(3) }), experiment({ id: 2, counts: counts(8) }), experiment({ id: 3, state: 'completed', counts: counts(10) })], NOW);
    expect(bar.mode).toBe('normal');
    expect(bar.progress).toBeCloseTo(0.55, 10);
  });

  it('a wall-time budget that is the tighter one moves the bar with the clock', () => {
    const timed = experiment({ startedAt: 0, counts: counts(1), spec: { ...experiment().spec, budget: { trials: 100, parallel: 1, max_wall_time: 100 } } });
    expect(taskbarProgress([timed], 50_000).progress).toBeCloseTo(0.5, 10);
    expect(taskbarProgress([timed], 75_000).progress).toBeCloseTo(0.75, 10);
    expect(taskbarTicks([timed])).toBe(true);
    expect(taskbarTicks([experiment()])).toBe(false);
  });

  it('running with nothing finished yet is indeterminate, not an empty bar', () => {
    expect(taskbarProgress([experiment({ counts: counts(0) })], NOW)).toEqual({ progress: 0, mode: 'indeterminate' });
  });

  it('paused or frozen experiments with none running show paused at their progress', () => {
    expect(taskbarProgress([experiment({ state: 'paused', counts: { ...counts(4), frozen: 2, running: 0 } })], NOW)).toEqual({ progress: 0.4, mode: 'paused' });
    // One running wins over paused ones: the bar is about work under way.
    const mixed = taskbarProgress([experiment({ id: 1, state: 'paused', counts: counts(9) }), experiment({ id: 2, state: 'stopping', counts: counts(2) })], NOW);
    expect(mixed).toEqual({ progress: 0.2, mode: 'normal' });
  });

  it('imported history never counts', () => {
    const imported = experiment({ state: 'running', counts: counts(5), origin: { kind: 'optuna-study', source: 's', importedAt: 0 } });
    expect(taskbarProgress([imported], NOW)).toEqual(NO_TASKBAR_PROGRESS);
  });

  it('a change is a new mode or a different thousandth', () => {
    expect(taskbarChanged({ progress: 0.5, mode: 'normal' }, { progress: 0.50001, mode: 'normal' })).toBe(false);
    expect(taskbarChanged({ progress: 0.5, mode: 'normal' }, { progress: 0.502, mode: 'normal' })).toBe(true);
    expect(taskbarChanged({ progress: 0.5, mode: 'normal' }, { progress: 0.5, mode: 'paused' })).toBe(true);
  });
});
