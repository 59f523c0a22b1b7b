import type { ParamValues, SearchSpace } from '../../shared/search-space';
import { buildConfiguration } from './configuration';
import { createRandomSearcher } from './random';
import { createRng, type Rng } from './rng';
import { paramToUnit, sampleParam } from './sample-param';
import { isObservation, isPending, type Searcher, type SearcherFactory, type SuggestContext, type TrialView } from './searcher';

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011; Watanabe 2023's tutorial for the
 * multivariate variant used here). Observed trials (searcher.ts: isObservation) are split into the best `gamma(n)` ("good")
 * and the rest ("bad"); each group becomes a mixture of product kernels in the unit cube, one
 * component per trial plus a uniform prior. Candidates are drawn from the good mixture and the one
 * with the highest good/bad density ratio wins.
 *
 * - Multivariate: one component carries all dimensions of its trial, so interactions between
 *   parameters (lr with batch size) survive, unlike independent per-parameter TPE.
 * - Conditional: a dimension inactive in a trial has a uniform kernel in that trial's component,
 *   so it neither attracts nor repels; candidates are decoded through the `when` structure.
 * - Parallel: running trials count as bad ("constant liar" with the worst value), so concurrent
 *   suggestions are pushed apart instead of piling onto one point.
 * - Before `startup` results exist it defers to random search with the same seed.
 */

export const TPE_STARTUP_TRIALS = 10;
const CANDIDATES = 24;
const MIN_BANDWIDTH = 0.01;

interface Observation {
  /** Unit-cube coordinates, NaN where the parameter was inactive. */
  readonly point: Float64Array;
}

interface Dimension {
  readonly name: string;
  /** Number of categories for categorical/bool/fixed dims; 0 for numeric ones. */
  readonly categories: number;
}

function dimensionsOf(space: SearchSpace): Dimension[] {
  return Object.keys(space).map((name) => {
    const param = space[name]!;
    switch (param.type) {
      case 'categorical':
        return { name, categories: param.choices.length };
      case 'bool':
        return { name, categories: 2 };
      case 'fixed':
        return { name, categories: 1 };
      case 'float':
      case 'int':
        return { name, categories: 0 };
    }
  });
}

function encode(space: SearchSpace, dims: readonly Dimension[], params: ParamValues): Float64Array {
  return Float64Array.from(dims, ({ name }) => (params[name] === undefined ? Number.NaN : paramToUnit(space[name]!, params[name])));
}

function categoryOf(u: number, categories: number): number {
  return Math.min(categories - 1, Math.floor(u * categories));
}

/** Optuna's default split: the best 10% (at most 25) are "good". */
export function goodCount(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

class ParzenMixture {
  private readonly bandwidths: Float64Array;

  constructor(
    private readonly dims: readonly Dimension[],
    private readonly observations: readonly Observation[],
  ) {
    // Scott-style rule per dimension over the active observations, floored so a tight cluster
    // still explores a little, capped at the cube's width.
    const n = Math.max(1, observations.length);
    const factor = n ** (-1 / (dims.length + 4));
    this.bandwidths = Float64Array.from(dims, (_, d) => {
      const values = observations.map((o) => o.point[d]!).filter((v) => !Number.isNaN(v));
      if (values.length < 2) return 0.5;
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
      return Math.min(1, Math.max(MIN_BANDWIDTH, std * factor, 1 / (1 + values.length) ** 0.5 * 0.2));
    });
  }

  /** Draws a point: pick a component (a trial, or the uniform prior), then each dimension. */
  sample(rng: Rng): Float64Array {
    const index = Math.floor(rng.next() * (this.observations.length + 1));
    const centre = this.observations[index]?.point;
    return Float64Array.from(this.dims, (dim, d) => {
      const c = centre?.[d];
      if (c === undefined || Number.isNaN(c)) return rng.next();
      if (dim.categories > 0) {
        // Keep the trial's category with the kernel's weight, else any category.
        const keep = this.categoryKeep(dim.categories);
        return rng.next() < keep ? c : (categoryOf(rng.next(), dim.categories) + 0.5) / dim.categories;
      }
      return truncatedNormal(rng, c, this.bandwidths[d]!);
    });
  }

  logDensity(point: Float64Array): number {
    const components = this.observations.length + 1;
    let total = 1 / components; // the uniform prior has density 1
    for (const { point: centre } of this.observations) {
      let density = 1;
      for (let d = 0; d < this.dims.length && density > 0; d++) {
        const x = point[d]!;
        const c = centre[d]!;
        if (Number.isNaN(x) || Number.isNaN(c)) continue;
        const { categories } = this.dims[d]!;
        if (categories > 0) {
          const keep = this.categoryKeep(categories);
          const same = categoryOf(x, categories) === categoryOf(c, categories);
          density *= (same ? keep : 0) + (1 - keep) / categories;
          density *= categories; // as a density on [0, 1]
        } else {
          density *= truncatedNormalDensity(x, c, this.bandwidths[d]!);
        }
      }
      total += density / components;
    }
    return Math.log(total);
  }

  private categoryKeep(categories: number): number {
    return categories <= 1 ? 1 : Math.max(0.5, 1 - 1 / (1 + this.observations.length) ** 0.5);
  }
}

function standardNormal(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

function truncatedNormal(rng: Rng, mean: number, sd: number): number {
  for (let attempt = 0; attempt < 32; attempt++) {
    const x = mean + sd * standardNormal(rng);
    if (x >= 0 && x < 1) return x;
  }
  return Math.min(1 - 1e-9, Math.max(0, mean));
}

function normalCdf(z: number): number {
  // Abramowitz-Stegun 7.1.26 via erf; accurate to ~1e-7, plenty for a kernel's normaliser.
  const t = 1 / (1 + 0.3275911 * Math.abs(z / Math.SQRT2));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return 0.5 * (1 + Math.sign(z) * y);
}

function truncatedNormalDensity(x: number, mean: number, sd: number): number {
  const mass = normalCdf((1 - mean) / sd) - normalCdf(-mean / sd);
  const z = (x - mean) / sd;
  return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
}

function split(history: readonly TrialView[], mode: 'min' | 'max'): { good: TrialView[]; bad: TrialView[] } {
  const scored = history.filter(isObservation);
  const sign = mode === 'min' ? 1 : -1;
  scored.sort((a, b) => sign * (a.value - b.value) || a.number - b.number);
  const cut = goodCount(scored.length);
  // Trials under way are pending: counted bad, the constant liar.
  const pending = history.filter(isPending);
  return { good: scored.slice(0, cut), bad: [...scored.slice(cut), ...pending] };
}

export const createTpeSearcher: SearcherFactory = (settings) => {
  const startup = createRandomSearcher(settings);
  const searcher: Searcher = {
    name: 'tpe',
    suggest(context: SuggestContext) {
      const { space, history, trialNumber, objective } = context;
      if (history.filter(isObservation).length < TPE_STARTUP_TRIALS) return startup.suggest(context);
      const dims = dimensionsOf(space);
      const { good, bad } = split(history, objective);
      const toObservation = (t: TrialView): Observation => ({ point: encode(space, dims, t.params) });
      const goodMixture = new ParzenMixture(dims, good.map(toObservation));
      const badMixture = new ParzenMixture(dims, bad.map(toObservation));
      const rng = createRng(settings.seed, trialNumber, 0x7e9);
      let best: { params: ParamValues; score: number } | undefined;
      for (let i = 0; i < CANDIDATES; i++) {
        const raw = goodMixture.sample(rng);
        const names = dims.map((d) => d.name);
        const params = buildConfiguration(space, (name) => sampleParam(space[name]!, Math.min(raw[names.indexOf(name)]!, 1 - 1e-12)));
        // Score the decoded configuration, so quantisation and conditions are what is compared.
        const point = encode(space, dims, params);
        const score = goodMixture.logDensity(point) - badMixture.logDensity(point);
        if (best === undefined || score > best.score) best = { params, score };
      }
      return best!.params;
    },
  };
  return searcher;
};
