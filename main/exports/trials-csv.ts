import type { Experiment, Trial } from '../../shared/domain';
import { formatScalar } from './trial-config';

/** A field as RFC 4180 wants it: in double quotes (doubled inside) when it holds " , CR or LF. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const isoTime = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

/**
 * Every trial, one row each: its number and state, one column per parameter (empty where a
 * conditional parameter was inactive), the objective's result, steps reported, start and end
 * (UTC, ISO 8601), seconds run, and why it failed or was stopped. CRLF line ends (RFC 4180).
 */
export function formatTrialsCsv(experiment: Pick<Experiment, 'spec'>, trials: readonly Trial[]): string {
  const paramNames = Object.keys(experiment.spec.space);
  for (const trial of trials) for (const name of Object.keys(trial.params)) if (!paramNames.includes(name)) paramNames.push(name);
  const metric = experiment.spec.objective.metric;
  const fixed = ['trial', 'state', metric, 'steps', 'started_at', 'ended_at', 'duration_s', 'message'];
  // A parameter named like a fixed column keeps its own column under a prefix.
  const paramColumns = paramNames.map((name) => (fixed.includes(name) ? `param.${name}` : name));
  const header = ['trial', 'state', ...paramColumns, metric, 'steps', 'started_at', 'ended_at', 'duration_s', 'message'];
  const rows = trials.map((trial) => [
    String(trial.number),
    trial.state,
    ...paramNames.map((name) => (trial.params[name] === undefined ? '' : formatScalar(trial.params[name]))),
    trial.value === null ? '' : String(trial.value),
    trial.lastStep === null ? '' : String(trial.lastStep),
    isoTime(trial.startedAt),
    isoTime(trial.endedAt),
    trial.startedAt !== null && trial.endedAt !== null ? String((trial.endedAt - trial.startedAt) / 1000) : '',
    trial.message ?? '',
  ]);
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
