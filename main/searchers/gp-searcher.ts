import type { ParamValues, SearchSpace } from '../../shared/search-space';
import { createRng, type Rng } from './rng';
import { fitGaussianProcess } from './gp/gp-model';
import { logExpectedImprovement } from './gp/acquisition';
import { maximizeAcquisition } from './gp/optimize-acquisition';
import { paramToUnit } from './sample-param';
import { createSobolSearcher } from './sobol';
import { sobolPoints } from './sobol-sequence';
import { isObservation, isPending, type Searcher, type SearcherFactory, type SuggestContext, type TrialView } from './searcher';
import { cubeNames, decodeCube } from './unit-cube';

/**
 * Gaussian-process Bayesian optimisation: Matérn-5/2 with per-dimension length scales fitted by
 * maximum marginal likelihood (gp/), log expected improvement, maximised over a Sobol cloud of
 * valid configurations, points around the incumbents and the incumbents themselves, then polished (gp/optimize-acquisition).
 *
 * - Integers and categoricals are handled honestly: the acquisition is searched in the raw cube
 *   (one coordinate per parameter) and every point is decoded to a real configuration (rounded,
 *   stepped, a real category) before the GP scores it; the GP sees categoricals one-hot.
 * - Running trials: "kriging believer": each is added to the data at the model's own prediction,
 *   which removes the uncertainty there, so parallel suggestions spread out.
 * - Noise: the fitted noise variance absorbs it (repeats of a configuration simply add data).
 * - Cost: fitting is O(n^3); past GP_MAX_TRAINING_POINTS it fits on the best third plus an even
 *   sample of the rest (and `auto` hands over to TPE well before that).
 */

/** Separates the local-candidate random stream from other uses of (seed, trial number). */
const LOCAL_STREAM = 0x6c6f63;

export const GP_CANDIDATES = 1024;
/** Candidates drawn around the incumbents, screened alongside the global Sobol cloud. */
export const GP_LOCAL_CANDIDATES = 1024;
/** Perturbation sizes (unit-cube standard deviations), cycled: from polishing to hopping basins. */
const LOCAL_SCALES = [0.02, 0.05, 0.1, 0.2];

/**
 * Points near the best configurations so far: each copies an incumbent and moves each coordinate
 * with probability min(1, 20/d) by a Gaussian step. In 6 to 10 dimensions a global cloud of a
 * thousand points rarely lands in the small region where EI peaks next to a good incumbent; on the
 * Levy (8-D) benchmark these halve the median regret at 50 trials and cost nothing elsewhere
 * (docs/benchmarks.md).
 */
export function localCandidates(incumbents: readonly (readonly number[])[], count: number, rng: Rng): number[][] {
  const centres = incumbents.slice(0, 3);
  if (centres.length === 0) return [];
  const dimension = centres[0]!.length;
  const moveProbability = Math.min(1, 20 / dimension);
  return Array.from({ length: count }, (_, i) => {
    const scale = LOCAL_SCALES[i % LOCAL_SCALES.length]!;
    return centres[i % centres.length]!.map((c) => (rng.next() < moveProbability ? Math.min(1, Math.max(0, c + scale * standardNormal(rng))) : c));
  });
}

/** Box-Muller. */
function standardNormal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}
/**
 * The most results one fit sees. gp/'s guide allows 300, but a fit there takes seconds on a laptop
 * core, and a suggestion must stay well under a second at 1000 trials (docs/benchmarks.md).
 */
export const GP_MAX_TRAINING_POINTS = 150;

/** Sobol start-up: enough points to fit length scales, never fewer than 5. */
export function gpStartupTrials(space: SearchSpace): number {
  return Math.min(10, Math.max(5, Object.keys(space).length + 1));
}

interface GpEncoding {
  encode(params: ParamValues): number[];
}

function gpEncoding(space: SearchSpace): GpEncoding {
  const names = Object.keys(space);
  return {
    encode(params) {
      const out: number[] = [];
      for (const name of names) {
        const param = space[name]!;
        const value = params[name];
        switch (param.type) {
          case 'fixed':
            break;
          case 'categorical':
            // One-hot: no false order between categories; an inactive one is all zeros.
            for (const choice of param.choices) out.push(value === choice ? 1 : 0);
            break;
          case 'bool':
            out.push(value === undefined ? 0.5 : value === true ? 1 : 0);
            break;
          case 'float':
          case 'int':
            out.push(value === undefined ? 0.5 : paramToUnit(param, value));
            break;
        }
      }
      return out;
    },
  };
}

function scored(history: readonly TrialView[], sign: number): { params: ParamValues; y: number }[] {
  return history
    .filter(isObservation)
    .map((t) => ({ params: t.params, y: sign * t.value }));
}

/** At most GP_MAX_TRAINING_POINTS: the best third, then an even spread of the rest (deterministic). */
export function trainingSubset<T extends { y: number }>(data: readonly T[], limit = GP_MAX_TRAINING_POINTS): T[] {
  if (data.length <= limit) return [...data];
  const ranked = [...data].sort((a, b) => a.y - b.y);
  const keep = Math.floor(limit / 3);
  const rest = ranked.slice(keep);
  const stride = rest.length / (limit - keep);
  return [...ranked.slice(0, keep), ...Array.from({ length: limit - keep }, (_, i) => rest[Math.floor(i * stride)]!)];
}

export const createGpSearcher: SearcherFactory = (settings) => {
  const startup = createSobolSearcher(settings);
  const searcher: Searcher = {
    name: 'gp',
    suggest(context: SuggestContext) {
      const { space, history, trialNumber, objective } = context;
      const sign = objective === 'min' ? 1 : -1;
      const data = scored(history, sign);
      if (data.length < gpStartupTrials(space)) return startup.suggest(context);
      const encoding = gpEncoding(space);
      if (encoding.encode({}).length === 0) return startup.suggest(context); // only fixed parameters
      const training = trainingSubset(data);
      const points = training.map((d) => encoding.encode(d.params));
      const targets = training.map((d) => d.y);
      // No warm start carried between calls: a searcher rebuilt after a restart must suggest the same.
      let model = fitGaussianProcess(points, targets, { seed: trialNumber });
      const pending = history.filter(isPending).map((t) => encoding.encode(t.params));
      if (pending.length > 0) {
        const believed = model.predict(pending).mean;
        model = fitGaussianProcess([...points, ...pending], [...targets, ...believed], { seed: trialNumber, warmStart: model.hyperparameters, restarts: 0 });
      }
      const best = Math.min(...targets);
      const names = cubeNames(space);
      const score = (raw: readonly number[]) => {
        const prediction = model.predict([encoding.encode(decodeCube(space, names, raw))]);
        return logExpectedImprovement(prediction.mean[0]!, Math.sqrt(Math.max(prediction.variance[0]!, 0)), best);
      };
      const incumbents = [...training]
        .sort((a, b) => a.y - b.y)
        .slice(0, 5)
        .map((d) => names.map((name) => (d.params[name] === undefined ? 0.5 : paramToUnit(space[name]!, d.params[name]))));
      const found = maximizeAcquisition(score, {
        candidates: [
          ...sobolPoints(GP_CANDIDATES, names.length, (settings.seed + trialNumber * 7919) >>> 0),
          ...localCandidates(incumbents, GP_LOCAL_CANDIDATES, createRng(settings.seed, trialNumber, LOCAL_STREAM)),
        ],
        incumbents,
      });
      return decodeCube(space, names, found.point);
    },
  };
  return searcher;
};
