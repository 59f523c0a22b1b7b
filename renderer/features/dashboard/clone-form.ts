import { isActive, parameterOrder, paramValueProblem, type CategoricalChoice, type Param, type ParamValue, type ParamValues } from '../../../shared/search-space';
import { assertNever } from '../../../shared/result';

/**
 * The clone-with-edits form: one field per active parameter of the space, prefilled with the
 * trial's values and checked against the space as it is typed (shared/search-space.ts, the same
 * check the scheduler makes), so what the dialog accepts the back end accepts.
 *
 * The draft holds text for every parameter, active or not, so switching `optimizer` to sgd and
 * back keeps what was typed for `momentum`.
 */

export type CloneDraft = Readonly<Record<string, string>>;

export type CloneFieldKind = 'number' | 'choice' | 'bool' | 'fixed';

export interface CloneOption {
  /** The choice as the draft holds it (JSON, so 1 and "1" stay apart). */
  readonly key: string;
  readonly label: string;
}

export interface CloneField {
  readonly name: string;
  readonly kind: CloneFieldKind;
  /** What is allowed: `0.0001 .. 0.1 · log scale`, or the fixed value. */
  readonly hint: string;
  readonly options: readonly CloneOption[];
  /** The cloned trial's value as text, or null when it had none (inactive there). */
  readonly was: string | null;
}

export interface CloneReading {
  /** The active parameters that read as valid values: what `trials/clone` is sent. */
  readonly params: ParamValues;
  /** Per field, what is wrong and how to fix it, naming the field. */
  readonly errors: Readonly<Record<string, string>>;
  readonly fields: readonly CloneField[];
}

export function choiceKey(choice: CategoricalChoice): string {
  return JSON.stringify(choice);
}

function valueText(param: Param, value: ParamValue): string {
  switch (param.type) {
    case 'float':
    case 'int':
      return String(value);
    case 'bool':
      return value === true ? 'true' : 'false';
    case 'categorical':
    case 'fixed':
      return choiceKey(value);
    default:
      return assertNever(param);
  }
}

/** What a parameter the trial did not have starts at when it becomes active: its default, else the first value it can take. */
function startValue(param: Param): ParamValue {
  switch (param.type) {
    case 'float':
    case 'int':
      return param.default ?? param.low;
    case 'categorical':
      return param.default ?? param.choices[0]!;
    case 'bool':
      return param.default ?? false;
    case 'fixed':
      return param.value;
    default:
      return assertNever(param);
  }
}

export function initialCloneDraft(space: Readonly<Record<string, Param>>, params: ParamValues): CloneDraft {
  return Object.fromEntries(Object.entries(space).map(([name, param]) => [name, valueText(param, params[name] ?? startValue(param))]));
}

function numberHint(param: Param & { type: 'float' | 'int' }): string {
  const parts = [`${param.low} .. ${param.high}`];
  if (param.type === 'int') parts.push('whole number');
  if (param.log) parts.push('log scale');
  if (param.type === 'float' && param.reverse_log === true) parts.push('reverse log scale');
  if (param.step !== undefined) parts.push(`step ${param.step}`);
  return parts.join(' · ');
}

function fieldOf(name: string, param: Param, was: ParamValue | undefined): CloneField {
  const wasText = was === undefined ? null : String(was);
  switch (param.type) {
    case 'float':
    case 'int':
      return { name, kind: 'number', hint: numberHint(param), options: [], was: wasText };
    case 'categorical':
      return { name, kind: 'choice', hint: `one of ${param.choices.length}`, options: param.choices.map((choice) => ({ key: choiceKey(choice), label: String(choice) })), was: wasText };
    case 'bool':
      return { name, kind: 'bool', hint: 'true or false', options: [], was: wasText };
    case 'fixed':
      return { name, kind: 'fixed', hint: 'fixed by the space', options: [{ key: choiceKey(param.value), label: String(param.value) }], was: wasText };
    default:
      return assertNever(param);
  }
}

const NUMBER = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** The typed text as a value of the parameter, or why it is not one. */
function parseText(param: Param, text: string): { ok: true; value: ParamValue } | { ok: false; message: string } {
  switch (param.type) {
    case 'float':
    case 'int': {
      const trimmed = text.trim();
      if (trimmed === '') return { ok: false, message: `enter a ${param.type === 'int' ? 'whole number' : 'number'} in ${param.low} .. ${param.high}` };
      if (!NUMBER.test(trimmed)) return { ok: false, message: `"${trimmed}" is not a number; enter one in ${param.low} .. ${param.high}` };
      return { ok: true, value: Number(trimmed) };
    }
    case 'bool':
      return { ok: true, value: text === 'true' };
    case 'categorical':
    case 'fixed':
      try {
        return { ok: true, value: JSON.parse(text) as ParamValue };
      } catch {
        return { ok: false, message: 'choose one of the values' };
      }
    default:
      return assertNever(param);
  }
}

/**
 * Reads the draft against the space: the fields to show (active parameters, in the space's order,
 * once the parents they depend on have a value), the values to send and what is wrong with each.
 */
export function readCloneDraft(space: Readonly<Record<string, Param>>, draft: CloneDraft, was: ParamValues): CloneReading {
  const params: Record<string, ParamValue> = {};
  const errors: Record<string, string> = {};
  const shown = new Set<string>();
  // Parents first, so a child's `when` is decided on the values the form will send.
  for (const name of parameterOrder(space) ?? Object.keys(space)) {
    const param = space[name]!;
    if (!isActive(param, params)) continue;
    shown.add(name);
    const parsed = parseText(param, draft[name] ?? '');
    if (!parsed.ok) {
      errors[name] = `${name}: ${parsed.message}`;
      continue;
    }
    const problem = paramValueProblem(param, parsed.value);
    if (problem !== null) errors[name] = `${name}: ${problem}`;
    else params[name] = parsed.value;
  }
  const fields = Object.keys(space)
    .filter((name) => shown.has(name))
    .map((name) => fieldOf(name, space[name]!, was[name]));
  return { params, errors, fields };
}

/** Whether the form can be sent: nothing wrong. */
export function cloneReady(reading: CloneReading): boolean {
  return Object.keys(reading.errors).length === 0;
}
