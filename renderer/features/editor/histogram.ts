import { createRng } from '../../../shared/rng';
import { paramToUnit, sampleParam } from '../../../shared/sample-param';
import { paramSchema, type Param } from '../../../shared/search-space';

/**
 * The search-space editor's preview: where 1,000 draws of a parameter land, drawn with the
 * searchers' own sampling (shared/sample-param.ts) and binned on the parameter's scale, so a log
 * range shows even bars across its decades and a step shows its gaps.
 */

export const PREVIEW_DRAWS = 1000;
const NUMERIC_BINS = 24;
/** At most this many distinct values (ints, stepped floats) get a bar each. */
const MAX_VALUE_BARS = 24;
/** Fixed, so the preview does not flicker while other fields are typed. */
const PREVIEW_SEED = 20261203;

export interface HistogramBar {
  readonly label: string;
  readonly count: number;
}

export type Histogram =
  /** Equal-width bins on the parameter's scale; `ticks` label its ends and middle. */
  | { readonly kind: 'bins'; readonly counts: readonly number[]; readonly ticks: readonly [string, string, string]; readonly draws: number }
  /** One bar per value a draw can take. */
  | { readonly kind: 'values'; readonly bars: readonly HistogramBar[]; readonly draws: number };

/** A parameter as the schema reads it, or null while its row has problems (no preview then). */
export function previewParam(value: unknown): Param | null {
  const parsed = paramSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function label(value: number | string | boolean): string {
  if (typeof value !== 'number') return String(value);
  return Number.isInteger(value) ? String(value) : Number(value.toPrecision(3)).toString();
}

function draws(param: Param, count: number): (number | string | boolean)[] {
  const rng = createRng(PREVIEW_SEED);
  return Array.from({ length: count }, () => sampleParam(param, rng.next()));
}

function valueBars(values: readonly (number | string | boolean)[], order: readonly (number | string | boolean)[]): HistogramBar[] {
  const counts = new Map<number | string | boolean, number>(order.map((value) => [value, 0]));
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ label: label(value), count }));
}

/** The values a numeric parameter can take when there are few of them, in order; else null. */
function fewValues(param: Param & { type: 'int' | 'float' }): number[] | null {
  const step = param.step ?? (param.type === 'int' ? 1 : undefined);
  if (step === undefined) return null;
  const count = Math.floor((param.high - param.low) / step + 1e-9) + 1;
  if (count > MAX_VALUE_BARS) return null;
  return Array.from({ length: count }, (_, k) => {
    const value = param.low + k * step;
    return param.type === 'int' ? Math.round(value) : Number(value.toPrecision(12));
  });
}

export function histogram(param: Param, count = PREVIEW_DRAWS): Histogram {
  const values = draws(param, count);
  switch (param.type) {
    case 'categorical':
      return { kind: 'values', bars: valueBars(values, param.choices), draws: count };
    case 'bool':
      return { kind: 'values', bars: valueBars(values, [false, true]), draws: count };
    case 'fixed':
      return { kind: 'values', bars: valueBars(values, [param.value]), draws: count };
    case 'int':
    case 'float': {
      const few = fewValues(param);
      if (few) return { kind: 'values', bars: valueBars(values, few), draws: count };
      const counts = new Array<number>(NUMERIC_BINS).fill(0);
      for (const value of values) {
        const bin = Math.min(NUMERIC_BINS - 1, Math.floor(paramToUnit(param, value) * NUMERIC_BINS));
        counts[bin]! += 1;
      }
      const middle = sampleParam({ ...param, step: undefined }, 0.5) as number;
      return { kind: 'bins', counts, ticks: [label(param.low), label(middle), label(param.high)], draws: count };
    }
  }
}
