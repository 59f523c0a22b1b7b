import { describe, expect, it } from 'vitest';
import { crossCovariance, kernelMatrix, matern52 } from '../../../../../main/searchers/gp/kernel';

describe('Matérn-5/2 ARD kernel', () => {
  const parameters = { lengthScales: [0.5, 2], signalVariance: 1.7 };

  it('equals the signal variance at zero distance and the closed form at distance 1', () => {
    expect(matern52([0.3, 0.3], [0.3, 0.3], parameters)).toBe(1.7);
    // r = |Δx|/ℓ = 0.5/0.5 = 1 along the first dimension.
    const s = Math.sqrt(5);
    expect(matern52([0, 0.3], [0.5, 0.3], parameters)).toBeCloseTo(1.7 * (1 + s + 5 / 3) * Math.exp(-s), 14);
  });

  it('scales each dimension by its own length scale: a long one makes that dimension matter less', () => {
    const alongShort = matern52([0, 0], [0.4, 0], parameters);
    const alongLong = matern52([0, 0], [0, 0.4], parameters);
    expect(alongLong).toBeGreaterThan(alongShort);
    // Same scaled distance, same covariance.
    expect(matern52([0, 0], [0.1, 0], parameters)).toBeCloseTo(matern52([0, 0], [0, 0.4], parameters), 14);
  });

  it('builds a symmetric kernel matrix consistent with the cross-covariance', () => {
    const points = [[0.1, 0.2], [0.5, 0.9], [0.7, 0.3]];
    const k = kernelMatrix(points, parameters);
    const cross = crossCovariance(points[1]!, points, parameters);
    for (let a = 0; a < 3; a++) {
      expect(k.data[a * 3 + 1]).toBe(cross[a]);
      for (let b = 0; b < 3; b++) expect(k.data[a * 3 + b]).toBe(k.data[b * 3 + a]);
    }
  });
});
