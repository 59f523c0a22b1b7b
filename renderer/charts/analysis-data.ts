import type { Trial } from '../../shared/domain';
import type { Param, ParamValue, ParamValues } from '../../shared/search-space';

/**
 * What the analysis plots are about: completed trials with a finite result. Failed, stopped and
 * running trials have no final result to compare, nor has a trial a policy stopped early (its value
 * is from a step short of the end), and a diverged NaN would poison every statistic.
 */
export interface ScoredTrial {
  readonly id: number;
  readonly number: number;
  readonly value: number;
  readonly params: ParamValues;
}

/** In trial-number order (the order `useTrials` keeps). */
export function scoredTrials(trials: readonly Trial[]): ScoredTrial[] {
  const scored: ScoredTrial[] = [];
  for (const trial of trials) {
    if (trial.state !== 'completed' || trial.stoppedEarly || trial.value === null || !Number.isFinite(trial.value)) continue;
    scored.push({ id: trial.id, number: trial.number, value: trial.value, params: trial.params });
  }
  return scored.sort((a, b) => a.number - b.number);
}

/**
 * How a parameter is drawn on an axis. `reverse_log` floats (0.9 .. 0.999) are drawn linear: a log
 * axis of x would squeeze them together, and a log axis of 1 - x would read backwards.
 */
export type ParamAxis =
  | { readonly name: string; readonly scale: 'linear' | 'log'; readonly low: number; readonly high: number }
  | { readonly name: string; readonly scale: 'category'; readonly categories: readonly string[] };

/** One axis per parameter that varies, in the order of the space; `fixed` ones are left out. */
export function paramAxes(space: Readonly<Record<string, Param>>): ParamAxis[] {
  const axes: ParamAxis[] = [];
  for (const [name, param] of Object.entries(space)) {
    switch (param.type) {
      case 'float':
      case 'int':
        axes.push({ name, scale: param.log ? 'log' : 'linear', low: param.low, high: param.high });
        break;
      case 'categorical':
        axes.push({ name, scale: 'category', categories: param.choices.map(categoryLabel) });
        break;
      case 'bool':
        axes.push({ name, scale: 'category', categories: ['false', 'true'] });
        break;
      case 'fixed':
        break;
    }
  }
  return axes;
}

export function categoryLabel(value: ParamValue): string {
  return String(value);
}

/**
 * A value's position along its axis as a number: the value itself on a linear axis, log10 of it on
 * a log axis, the choice's index on a category axis. Null where the trial has no value for the
 * parameter (inactive under a `when`) or the value cannot sit on the axis.
 */
export function axisPosition(axis: ParamAxis, value: ParamValue | undefined): number | null {
  if (value === undefined) return null;
  switch (axis.scale) {
    case 'category': {
      const index = axis.categories.indexOf(categoryLabel(value));
      return index < 0 ? null : index;
    }
    case 'log':
      return typeof value === 'number' && value > 0 ? Math.log10(value) : null;
    case 'linear':
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
}

/** The axis's extent in positions (see axisPosition). */
export function axisExtent(axis: ParamAxis): readonly [number, number] {
  switch (axis.scale) {
    case 'category':
      return [0, Math.max(0, axis.categories.length - 1)];
    case 'log':
      return [Math.log10(axis.low), Math.log10(axis.high)];
    case 'linear':
      return [axis.low, axis.high];
  }
}

/** Best so far after each trial, for the objective's direction. */
export function bestSoFar(values: readonly number[], mode: 'min' | 'max'): number[] {
  const out: number[] = [];
  let best = Number.NaN;
  for (const value of values) {
    if (Number.isNaN(best) || (mode === 'min' ? value < best : value > best)) best = value;
    out.push(best);
  }
  return out;
}
