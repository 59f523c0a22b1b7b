import { describe, expect, it } from 'vitest';
import { logExpectedImprovement } from '../../../../../main/searchers/gp/acquisition';
import { fitGaussianProcess, type Hyperparameters } from '../../../../../main/searchers/gp/gp-model';
import { maximizeAcquisition } from '../../../../../main/searchers/gp/optimize-acquisition';
import { createRng } from '../../../../../main/searchers/rng';

/** Branin on [0, 1]²: x1 = 15u - 5 ∈ [-5, 10], x2 = 15v ∈ [0, 15]; three global minima of 0.397887. */
function branin(u: readonly number[]): number {
  const x1 = 15 * u[0]! - 5;
  const x2 = 15 * u[1]!;
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

const BRANIN_MINIMUM = 0.397887;

describe('GP Bayesian optimisation end to end', () => {
  it('minimises Branin to within 0.05 of its global minimum in 5 random + 25 logEI steps', () => {
    const rng = createRng(2024);
    const points = Array.from({ length: 5 }, () => [rng.next(), rng.next()]);
    const values = points.map(branin);
    let warmStart: Hyperparameters | undefined;
    for (let iteration = 0; iteration < 25; iteration++) {
      const model = fitGaussianProcess(points, values, { seed: iteration, ...(warmStart ? { warmStart } : {}) });
      warmStart = model.hyperparameters;
      const best = Math.min(...values);
      const score = (x: readonly number[]) => {
        const { mean, variance } = model.predict([x]);
        return logExpectedImprovement(mean[0]!, Math.sqrt(variance[0]!), best);
      };
      const candidates = Array.from({ length: 2000 }, () => [rng.next(), rng.next()]);
      const incumbents = points
        .map((point, i) => ({ point, value: values[i]! }))
        .sort((a, b) => a.value - b.value)
        .slice(0, 3)
        .map((entry) => entry.point);
      const { point } = maximizeAcquisition(score, { candidates, incumbents });
      points.push(point);
      values.push(branin(point));
    }
    expect(Math.min(...values) - BRANIN_MINIMUM).toBeLessThan(0.05);
  });
});
