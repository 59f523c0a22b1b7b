import type { Experiment } from '../../shared/domain';
import { experimentProgress } from '../../shared/progress';

/**
 * The taskbar (dock) progress bar: BrowserWindow.setProgressBar(progress, {mode}) for the
 * experiments as they are; pure, so main/app/main.ts only applies it.
 *
 * - Running (or stopping) experiments: the mean of their progress (shared/progress.ts, the share
 *   of each one's tightest budget), mode `normal`; `indeterminate` while none has measurable
 *   progress yet, so the bar still says "working".
 * - None running but some paused (paused or frozen: nothing launches until resumed): their mean,
 *   mode `paused`.
 * - Nothing under way: removed (progress -1, mode `none`).
 * Experiments count equally whatever their size: the bar answers "how far along is my work", and
 * budgets in trials and in seconds do not add up.
 */

export const TASKBAR_MODES = ['none', 'normal', 'indeterminate', 'paused'] as const;
export type TaskbarMode = (typeof TASKBAR_MODES)[number];

export interface TaskbarProgress {
  /** 0..1, or -1 to remove the bar (Electron's convention). */
  readonly progress: number;
  readonly mode: TaskbarMode;
}

export const NO_TASKBAR_PROGRESS: TaskbarProgress = { progress: -1, mode: 'none' };

export function taskbarProgress(experiments: Iterable<Experiment>, now: number): TaskbarProgress {
  const running: number[] = [];
  const paused: number[] = [];
  for (const experiment of experiments) {
    if (experiment.origin !== undefined) continue;
    if (experiment.state === 'running' || experiment.state === 'stopping') running.push(experimentProgress(experiment, now).fraction);
    else if (experiment.state === 'paused') paused.push(experimentProgress(experiment, now).fraction);
  }
  if (running.length > 0) {
    const progress = mean(running);
    return progress > 0 ? { progress, mode: 'normal' } : { progress: 0, mode: 'indeterminate' };
  }
  if (paused.length > 0) return { progress: mean(paused), mode: 'paused' };
  return NO_TASKBAR_PROGRESS;
}

/** Whether applying `next` would change what the taskbar shows (progress to a thousandth). */
export function taskbarChanged(previous: TaskbarProgress, next: TaskbarProgress): boolean {
  return previous.mode !== next.mode || Math.round(previous.progress * 1000) !== Math.round(next.progress * 1000);
}

/** Whether the bar moves with the clock: a running experiment with a wall-time budget. */
export function taskbarTicks(experiments: Iterable<Experiment>): boolean {
  for (const experiment of experiments) {
    if (experiment.state === 'running' && experiment.spec.budget.max_wall_time !== undefined) return true;
  }
  return false;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
