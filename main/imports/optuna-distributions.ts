import type { CategoricalChoice } from '../../shared/search-space';

/**
 * Optuna's parameter distributions as stored in `trial_params.distribution_json`, both the current
 * names (FloatDistribution, IntDistribution, CategoricalDistribution) and the ones before Optuna 3
 * (UniformDistribution, LogUniformDistribution, DiscreteUniformDistribution, IntUniformDistribution,
 * IntLogUniformDistribution). `param_value` is Optuna's internal float: the value itself for numbers,
 * the index into `choices` for categoricals.
 */
export type OptunaDistribution =
  | { readonly kind: 'float'; readonly low: number; readonly high: number; readonly log: boolean; readonly step: number | null }
  | { readonly kind: 'int'; readonly low: number; readonly high: number; readonly log: boolean; readonly step: number }
  | { readonly kind: 'categorical'; readonly choices: readonly (CategoricalChoice | null)[] };

interface StoredDistribution {
  name?: unknown;
  attributes?: Record<string, unknown>;
}

export function parseDistribution(json: string): OptunaDistribution | string {
  let stored: StoredDistribution;
  try {
    stored = JSON.parse(json) as StoredDistribution;
  } catch {
    return `distribution_json is not JSON: ${json.slice(0, 80)}`;
  }
  const a = stored.attributes ?? {};
  const number = (key: string) => (typeof a[key] === 'number' ? a[key] : NaN);
  switch (stored.name) {
    case 'FloatDistribution':
      return { kind: 'float', low: number('low'), high: number('high'), log: a.log === true, step: typeof a.step === 'number' ? a.step : null };
    case 'UniformDistribution':
      return { kind: 'float', low: number('low'), high: number('high'), log: false, step: null };
    case 'LogUniformDistribution':
      return { kind: 'float', low: number('low'), high: number('high'), log: true, step: null };
    case 'DiscreteUniformDistribution':
      return { kind: 'float', low: number('low'), high: number('high'), log: false, step: number('q') };
    case 'IntDistribution':
    case 'IntUniformDistribution':
    case 'IntLogUniformDistribution':
      return {
        kind: 'int',
        low: number('low'),
        high: number('high'),
        log: a.log === true || stored.name === 'IntLogUniformDistribution',
        step: typeof a.step === 'number' ? a.step : 1,
      };
    case 'CategoricalDistribution':
      return Array.isArray(a.choices) ? { kind: 'categorical', choices: a.choices as (CategoricalChoice | null)[] } : 'CategoricalDistribution without choices';
    default:
      return `unknown distribution ${JSON.stringify(stored.name)}`;
  }
}

/** The value a trial saw, from Optuna's internal float. */
export function decodeParam(distribution: OptunaDistribution, internal: number): CategoricalChoice | null {
  switch (distribution.kind) {
    case 'float':
      return internal;
    case 'int':
      return Math.round(internal);
    case 'categorical':
      return distribution.choices[Math.round(internal)] ?? null;
  }
}
