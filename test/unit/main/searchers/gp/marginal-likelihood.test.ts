import { describe, expect, it } from 'vitest';
import { defaultPrior } from '../../../../../main/searchers/gp/gp-model';
import { createLikelihoodObjective } from '../../../../../main/searchers/gp/marginal-likelihood';
import { createRng } from '../../../../../main/searchers/rng';

describe('GP marginal likelihood objective', () => {
  const rng = createRng(5);
  const points = Array.from({ length: 14 }, () => [rng.next(), rng.next(), rng.next()]);
  const targets = Float64Array.from(points, (p) => Math.sin(6 * p[0]!) + p[1]! ** 2 - 0.4);
  const objective = createLikelihoodObjective(points, targets, 3, defaultPrior(3));

  it('has an analytic gradient that matches central finite differences in every coordinate', () => {
    for (const theta of [
      [Math.log(0.3), Math.log(0.7), Math.log(2), Math.log(0.8), Math.log(1e-3)],
      [Math.log(0.05), Math.log(5), Math.log(0.2), Math.log(3), Math.log(0.2)],
    ]) {
      const { gradient } = objective(Float64Array.from(theta));
      for (let k = 0; k < theta.length; k++) {
        const h = 1e-6;
        const plus = Float64Array.from(theta);
        const minus = Float64Array.from(theta);
        plus[k] = plus[k]! + h;
        minus[k] = minus[k]! - h;
        const numeric = (objective(plus).value - objective(minus).value) / (2 * h);
        expect(Math.abs(gradient[k]! - numeric), `θ_${k}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
      }
    }
  });

  it('matches the closed form for a single observation: -log N(y; 0, σ² + σ_n²) plus the prior', () => {
    const single = createLikelihoodObjective([[0.5]], [0.8], 1, { logLengthScale: null, logSignalVariance: null, logNoiseVariance: null });
    const variance = 1.5 + 0.1;
    const expected = 0.5 * Math.log(2 * Math.PI * variance) + (0.8 * 0.8) / (2 * variance);
    expect(single(Float64Array.from([Math.log(0.3), Math.log(1.5), Math.log(0.1)])).value).toBeCloseTo(expected, 12);
  });

  it('reports an infeasible point as Infinity instead of throwing', () => {
    expect(objective(Float64Array.from([NaN, 0, 0, 0, 0])).value).toBe(Infinity);
  });
});
