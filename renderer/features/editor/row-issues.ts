import type { z } from 'zod';
import { PARAM_TYPES, searchSpaceSchema } from '../../../shared/search-space';

/**
 * The shared search-space schema's verdict, split per row: the same rules (and the same words) as
 * the CLI and the API, placed next to the parameter they are about. Each message names the problem
 * and the fix.
 */

export interface RowIssue {
  /** The fields the issue is about (`low`, `when`, `type`), to mark; empty for the parameter as a whole. */
  readonly fields: readonly string[];
  readonly message: string;
}

export interface SpaceIssues {
  /** By row position. */
  readonly rows: ReadonlyMap<number, readonly RowIssue[]>;
  /** About the space as a whole (no parameter, a cycle of conditions). */
  readonly space: readonly string[];
}

const NO_ISSUES: SpaceIssues = { rows: new Map(), space: [] };

const EXAMPLES: Readonly<Record<string, string>> = {
  low: 'e.g. 0.001',
  high: 'e.g. 0.1',
  step: 'e.g. 0.05',
  default: 'within low..high',
  choices: 'e.g. relu, tanh',
};

function messageOf(issue: z.core.$ZodIssue, value: unknown, field: string | null): string {
  const prefix = field === null ? '' : `${field} `;
  if (issue.code === 'invalid_type') {
    const given = value === undefined ? undefined : JSON.stringify(value);
    if (given === undefined) return `${prefix}is required${field && EXAMPLES[field] ? `, ${EXAMPLES[field]}` : ''}`;
    const wanted = issue.expected === 'number' ? 'a number' : issue.expected === 'boolean' ? 'true or false' : `a ${issue.expected}`;
    return `${prefix}must be ${wanted}, not ${given}${field && EXAMPLES[field] ? ` (${EXAMPLES[field]})` : ''}`;
  }
  if (issue.code === 'unrecognized_keys') {
    return `${issue.keys.join(', ')} ${issue.keys.length > 1 ? 'are' : 'is'} not a field of this type; remove ${issue.keys.length > 1 ? 'them' : 'it'} in the YAML`;
  }
  if (issue.code === 'invalid_union' && field === 'type') return `type must be one of ${PARAM_TYPES.join(', ')}`;
  if (issue.code === 'too_small' && field === 'choices') return 'choices needs at least one choice, e.g. relu, tanh';
  if (issue.code === 'too_small' && field === 'when') return 'the condition needs at least one value; list the values that turn this parameter on';
  // The schema's own messages already name the field ("low must be > 0 when log is true; ...").
  return field === null || issue.message.startsWith(field) ? issue.message : `${field}: ${issue.message}`;
}

function valueAt(space: unknown, path: readonly PropertyKey[]): unknown {
  let value = space;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const FIELD_AT_START = /^(low|high|step|default|values|choices|log|value)\b/;

/**
 * The schema's checks across fields (low < high, log needs low > 0) are reported on the parameter;
 * their messages start with the field to change, which is the one to mark.
 */
function fieldsOf(field: string | null, message: string): string[] {
  if (field !== null) return [field];
  if (/^low \(.*\) must be < high/.test(message)) return ['low', 'high'];
  if (message.startsWith('log and reverse_log')) return ['log', 'reverse_log'];
  const leading = FIELD_AT_START.exec(message)?.[1];
  return leading === undefined ? [] : [leading];
}

/** Checks `space` (as the draft's data has it) and places each issue on its row; `keys` are the names in row order. */
export function spaceIssues(space: unknown, keys?: readonly string[]): SpaceIssues {
  if (space === undefined || space === null) return { rows: new Map(), space: ['add a parameter: the space needs at least one'] };
  const parsed = searchSpaceSchema.safeParse(space);
  if (parsed.success) return NO_ISSUES;
  const names = keys ?? Object.keys(space);
  const rows = new Map<number, RowIssue[]>();
  const whole: string[] = [];
  for (const issue of parsed.error.issues) {
    const [name, rawField] = issue.path;
    const index = typeof name === 'string' ? names.indexOf(name) : -1;
    if (index < 0) {
      whole.push(issue.message === 'needs at least one parameter' ? 'add a parameter: the space needs at least one' : issue.message);
      continue;
    }
    // A missing `type` is reported as a failed union at the row; say which field it is.
    const field = typeof rawField === 'string' ? rawField : issue.code === 'invalid_union' ? 'type' : null;
    const message = messageOf(issue, valueAt(space, issue.path), field);
    const list = rows.get(index) ?? [];
    if (!list.some((known) => known.message === message)) list.push({ fields: fieldsOf(field, message), message });
    rows.set(index, list);
  }
  return { rows, space: whole };
}
