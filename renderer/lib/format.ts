import type { ParamValue } from '../../shared/search-space';

/** Formatting for dense tables: short, aligned, and never "NaN" where a dash says more. */

export const MISSING = '—';

/** An objective or metric value: 4 significant digits, exponent form for very large or small. */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return MISSING;
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-3) return formatExponent(value, 3);
  return String(Number(value.toPrecision(4)));
}

function formatExponent(value: number, digits: number): string {
  // 1.235e-4 rather than 1.235e-04 or 1.2350e-4
  const [mantissa = '', exponent = ''] = value.toExponential(digits).split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return `${trimmed}e${exponent.replace('+', '')}`;
}

/** A parameter value as the table shows it: integers exact, floats to 4 significant digits. */
export function formatParam(value: ParamValue | undefined): string {
  if (value === undefined) return MISSING;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : formatValue(value);
  return String(value);
}

/** An elapsed time: `850 ms`, `42 s`, `3 m 05 s`, `2 h 07 m`. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return MISSING;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} m ${String(seconds % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} m`;
}

/** How long a trial has run: to its end, or to `now` while it runs. */
export function trialDuration(trial: { readonly startedAt: number | null; readonly endedAt: number | null }, now: number): number | null {
  if (trial.startedAt === null) return null;
  return (trial.endedAt ?? now) - trial.startedAt;
}

/** `lr=0.001, layers=3`: the params of a trial on one line, in the order of the space. */
export function formatParams(params: Readonly<Record<string, ParamValue>>, order?: readonly string[]): string {
  const names = order ?? Object.keys(params);
  return names.filter((name) => name in params).map((name) => `${name}=${formatParam(params[name])}`).join(', ');
}

/** Completed share of a budget, 0..1, for a progress bar. */
export function progressFraction(done: number, budget: number): number {
  if (budget <= 0) return 0;
  return Math.min(1, Math.max(0, done / budget));
}
