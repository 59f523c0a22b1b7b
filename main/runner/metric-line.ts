/**
 * Parsing of the `@tundra {...}` lines a training script prints (docs/trial-protocol.md).
 * Pure and total: any input yields a value, never an exception, because the input is whatever a
 * user's script happened to print.
 */

export const METRIC_PREFIX = '@tundra';

export type ParsedLine =
  /** Not addressed to Tundra: ordinary log output. */
  | { readonly kind: 'log' }
  /** Addressed to Tundra but unusable as a whole. */
  | { readonly kind: 'invalid'; readonly reason: string }
  | {
      readonly kind: 'report';
      /** Absent when the script did not say; the ingesting side then continues from the last step. */
      readonly step: number | null;
      readonly metrics: Readonly<Record<string, number>>;
      readonly final: boolean;
      /** Metrics reported as NaN, Infinity or null: a diverging run, worth telling apart from typos. */
      readonly nonFinite: readonly string[];
      /** Per-field problems in an otherwise usable line (a NaN metric, a string value). */
      readonly warnings: readonly string[];
    };

const RESERVED = new Set(['step', 'final']);
// Python's json.dumps writes NaN and Infinity by default; accept them so they can be reported as
// non-finite instead of the whole line being lost as "not JSON".
const NON_FINITE_TOKEN = /(?<=[:,[]\s*)(-?Infinity|NaN)(?=\s*[,}\]])/g;

function parseJsonObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(text.replace(NON_FINITE_TOKEN, (token) => JSON.stringify(`__nonfinite__${token}`)));
  }
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function parseMetricLine(line: string): ParsedLine {
  if (!line.startsWith(METRIC_PREFIX)) return { kind: 'log' };
  const rest = line.slice(METRIC_PREFIX.length);
  if (rest.length > 0 && !/^\s/.test(rest)) return { kind: 'log' };
  const body = rest.trim();

  let document: unknown;
  try {
    document = parseJsonObject(body);
  } catch {
    return { kind: 'invalid', reason: `not valid JSON: ${describe(body)}` };
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    return { kind: 'invalid', reason: 'expected a JSON object such as {"step": 1, "val_loss": 0.5}' };
  }
  const fields = document as Record<string, unknown>;

  let step: number | null = null;
  if (fields.step !== undefined && fields.step !== null) {
    const raw = fields.step;
    if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0) {
      return { kind: 'invalid', reason: `step must be a whole number >= 0, got ${describe(raw)}` };
    }
    step = raw;
  }
  const final = fields.final === true;

  const metrics: Record<string, number> = {};
  const warnings: string[] = [];
  const nonFinite: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (RESERVED.has(name)) continue;
    if (typeof value === 'number' && Number.isFinite(value)) {
      metrics[name] = value;
    } else if (value === null || (typeof value === 'string' && value.startsWith('__nonfinite__'))) {
      const token = value === null ? 'null' : value.slice('__nonfinite__'.length);
      nonFinite.push(name);
      warnings.push(`${name} is not a finite number (${token}); the point was not recorded`);
    } else {
      warnings.push(`${name} must be a number, got ${describe(value)}; the point was not recorded`);
    }
  }
  if (Object.keys(metrics).length === 0 && warnings.length === 0) {
    return { kind: 'invalid', reason: 'no metrics in the line; add at least one, e.g. {"step": 1, "val_loss": 0.5}' };
  }
  return { kind: 'report', step, metrics, final, nonFinite, warnings };
}
