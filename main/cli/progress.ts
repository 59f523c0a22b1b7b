import type { Experiment } from '../../shared/domain';
import { experimentProgress } from '../../shared/progress';

const BAR_WIDTH = 24;

export function formatDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}:${String(s).padStart(2, '0')}`;
}

export function formatValue(value: number): string {
  return Math.abs(value) >= 1e4 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(3) : value.toPrecision(4);
}

/**
 * One line: `[#####-----] 7/20 trials  2 running  best val_loss 0.1234  elapsed 0:41  ETA 1:10`.
 * The bar follows the tightest budget (trials or wall time, shared/progress.ts); paused and frozen
 * trials are counted when there are any.
 */
export function progressLine(experiment: Experiment, now: number): string {
  const { counts, spec } = experiment;
  const done = counts.completed + counts.failed + counts.stopped;
  const total = spec.budget.trials;
  const progress = experimentProgress(experiment, now);
  const filled = Math.min(BAR_WIDTH, Math.round(progress.fraction * BAR_WIDTH));
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const best = experiment.best ? `best ${spec.objective.metric} ${formatValue(experiment.best.value)}` : 'no result yet';
  const failed = counts.failed > 0 ? `  ${counts.failed} failed` : '';
  const elapsed = experiment.startedAt !== null ? formatDuration(now - experiment.startedAt) : '0:00';
  const held = `${counts.paused > 0 ? `  ${counts.paused} paused` : ''}${counts.frozen > 0 ? `  ${counts.frozen} frozen` : ''}`;
  const eta = progress.etaMs === null ? '' : `  ETA ${formatDuration(progress.etaMs)}`;
  return `${bar} ${done}/${total} trials  ${counts.running} running${held}${failed}  ${best}  elapsed ${elapsed}${eta}`;
}
