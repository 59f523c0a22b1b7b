import type { Experiment } from '../../shared/domain';

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

/** One line: `[#####-----] 7/20 trials  2 running  best val_loss 0.1234  elapsed 0:41`. */
export function progressLine(experiment: Experiment, now: number): string {
  const { counts, spec } = experiment;
  const done = counts.completed + counts.failed + counts.stopped;
  const total = spec.budget.trials;
  const filled = Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH));
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const best = experiment.best ? `best ${spec.objective.metric} ${formatValue(experiment.best.value)}` : 'no result yet';
  const failed = counts.failed > 0 ? `  ${counts.failed} failed` : '';
  const elapsed = experiment.startedAt ? formatDuration(now - experiment.startedAt) : '0:00';
  return `${bar} ${done}/${total} trials  ${counts.running} running${failed}  ${best}  elapsed ${elapsed}`;
}
