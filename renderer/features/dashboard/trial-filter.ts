import type { Trial, TrialState } from '../../../shared/domain';
import type { Param, ParamValue } from '../../../shared/search-space';

/**
 * Which trials the table shows. Empty sets and open bounds filter nothing. A parameter filter that
 * is in force hides trials where that parameter is inactive (they have no value to test).
 */
export interface TrialFilter {
  /** Shown states; empty = every state. */
  readonly states: readonly TrialState[];
  /** Per numeric parameter, inclusive bounds; null = open. */
  readonly ranges: Readonly<Record<string, NumericRange>>;
  /** Per categorical or bool parameter, the shown values as labels; empty = all. */
  readonly choices: Readonly<Record<string, readonly string[]>>;
}

export interface NumericRange {
  readonly min: number | null;
  readonly max: number | null;
}

export const NO_FILTER: TrialFilter = { states: [], ranges: {}, choices: {} };

export function choiceLabel(value: ParamValue): string {
  return String(value);
}

function rangeInForce(range: NumericRange | undefined): range is NumericRange {
  return range !== undefined && (range.min !== null || range.max !== null);
}

export function isFiltering(filter: TrialFilter): boolean {
  return (
    filter.states.length > 0 ||
    Object.values(filter.ranges).some(rangeInForce) ||
    Object.values(filter.choices).some((labels) => labels.length > 0)
  );
}

export function matchesFilter(trial: Trial, filter: TrialFilter): boolean {
  if (filter.states.length > 0 && !filter.states.includes(trial.state)) return false;
  for (const [name, range] of Object.entries(filter.ranges)) {
    if (!rangeInForce(range)) continue;
    const value = trial.params[name];
    if (typeof value !== 'number') return false;
    if (range.min !== null && value < range.min) return false;
    if (range.max !== null && value > range.max) return false;
  }
  for (const [name, labels] of Object.entries(filter.choices)) {
    if (labels.length === 0) continue;
    const value = trial.params[name];
    if (value === undefined || !labels.includes(choiceLabel(value))) return false;
  }
  return true;
}

/** The filtered list; the input itself when nothing filters (keeps memoised identities). */
export function filterTrials(trials: readonly Trial[], filter: TrialFilter): readonly Trial[] {
  return isFiltering(filter) ? trials.filter((trial) => matchesFilter(trial, filter)) : trials;
}

/** A bound as typed: empty is open, a number is a bound, anything else says what is wrong. */
export type ParsedBound = { readonly ok: true; readonly value: number | null } | { readonly ok: false; readonly message: string };

export function parseBound(text: string): ParsedBound {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, message: `"${trimmed}" is not a number; type e.g. 0.001 or 1e-3, or leave it empty` };
  return { ok: true, value };
}

/** How each parameter can be filtered: numeric ranges for float and int, value sets for the rest. */
export type ParamFilterKind = { readonly name: string; readonly kind: 'range' } | { readonly name: string; readonly kind: 'choices'; readonly labels: readonly string[] };

export function paramFilterKinds(space: Readonly<Record<string, Param>>): ParamFilterKind[] {
  const kinds: ParamFilterKind[] = [];
  for (const [name, param] of Object.entries(space)) {
    switch (param.type) {
      case 'float':
      case 'int':
        kinds.push({ name, kind: 'range' });
        break;
      case 'categorical':
        kinds.push({ name, kind: 'choices', labels: param.choices.map(choiceLabel) });
        break;
      case 'bool':
        kinds.push({ name, kind: 'choices', labels: ['false', 'true'] });
        break;
      case 'fixed':
        break;
    }
  }
  return kinds;
}

/** Adds or removes one member of a set kept as an array, keeping the order of `all`. */
export function toggleMember<T>(selected: readonly T[], member: T, on: boolean, all: readonly T[]): T[] {
  const next = new Set(selected);
  if (on) next.add(member);
  else next.delete(member);
  return all.filter((item) => next.has(item));
}
