import { describe, expect, it } from 'vitest';
import { fitGaussianProcess } from '../../../../../main/searchers/gp/gp-model';
import { createRng } from '../../../../../main/searchers/rng';

const f = (x: number) => Math.sin(6 * x);

describe('Gaussian process model', () => {
  const points = Array.from({ length: 8 }, (_, i) => [i / 7]);
  const model = fitGaussianProcess(points, points.map((p) => f(p[0]!)));

  it('interpolates noise-free data within 1e-3 with near-zero variance at the data', () => {
    const { mean, variance } = model.predict(points);
    points.forEach((p, i) => {
      expect(Math.abs(mean[i]! - f(p[0]!)), `x = ${p[0]}`).toBeLessThan(1e-3);
      expect(variance[i]).toBeLessThan(1e-5);
    });
  });

  it('predicts between the data points closely and is less certain there', () => {
    const midpoints = Array.from({ length: 7 }, (_, i) => [(i + 0.5) / 7]);
    const { mean, variance } = model.predict(midpoints);
    const atData = model.predict(points).variance;
    midpoints.forEach((p, i) => {
      expect(Math.abs(mean[i]! - f(p[0]!)), `x = ${p[0]}`).toBeLessThan(0.05);
      expect(variance[i]).toBeGreaterThan(100 * Math.max(...atData));
    });
  });

  it('learns that an irrelevant input does not matter: its length scale is much longer', () => {
    const rng = createRng(11);
    const xy = Array.from({ length: 20 }, () => [rng.next(), rng.next()]);
    const fitted = fitGaussianProcess(xy, xy.map((p) => f(p[0]!)));
    const [lengthX, lengthY] = fitted.hyperparameters.lengthScales;
    expect(lengthX).toBeLessThan(1);
    expect(lengthY! / lengthX!).toBeGreaterThan(10);
  });

  it('works in the units of y: shifting and scaling the targets shifts and scales the predictions', () => {
    const scaled = fitGaussianProcess(points, points.map((p) => 1000 * f(p[0]!) + 5));
    const queries = [[0.05], [0.5], [0.93]];
    const base = model.predict(queries);
    const transformed = scaled.predict(queries);
    queries.forEach((_, i) => {
      expect(transformed.mean[i]).toBeCloseTo(1000 * base.mean[i]! + 5, 6);
      expect(transformed.variance[i]! / base.variance[i]!).toBeCloseTo(1e6, 0);
    });
  });

  it('reverts to the data mean with the prior variance far from the data', () => {
    const rng = createRng(3);
    const near = Array.from({ length: 6 }, () => [0.1 * rng.next(), 0.1 * rng.next()]);
    const targets = near.map((p) => 3 + p[0]! - p[1]!);
    const fitted = fitGaussianProcess(near, targets);
    const far = fitted.predict([[1, 1]]);
    const dataMean = targets.reduce((a, b) => a + b) / targets.length;
    expect(far.mean[0]).toBeCloseTo(dataMean, 1);
    expect(far.variance[0]).toBeGreaterThan(fitted.predict([near[0]!]).variance[0]!);
  });

  it('is deterministic under a seed', () => {
    const rng = createRng(4);
    const xy = Array.from({ length: 10 }, () => [rng.next(), rng.next()]);
    const y = xy.map((p) => p[0]! * p[1]!);
    expect(fitGaussianProcess(xy, y, { seed: 9 }).hyperparameters).toEqual(fitGaussianProcess(xy, y, { seed: 9 }).hyperparameters);
  });

  it('fits one observation and constant observations without failing', () => {
    const one = fitGaussianProcess([[0.5, 0.5]], [2]);
    expect(one.predict([[0.5, 0.5]]).mean[0]).toBeCloseTo(2, 3);
    const flat = fitGaussianProcess([[0.1], [0.4], [0.9]], [7, 7, 7]);
    expect(flat.predict([[0.6]]).mean[0]).toBeCloseTo(7, 6);
  });

  it('rejects malformed input with a message', () => {
    expect(() => fitGaussianProcess([], [])).toThrow(/at least one/);
    expect(() => fitGaussianProcess([[0.1], [0.2, 0.3]], [1, 2])).toThrow(/dimensions/);
    expect(() => fitGaussianProcess([[0.1]], [NaN])).toThrow(/finite/);
  });
});
