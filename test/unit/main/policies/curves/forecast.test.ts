import { describe, expect, it } from 'vitest';
import { forecastCurve } from '../../../../../main/policies/curves/forecast';
import type { CurvePoint } from '../../../../../main/policies/policy';
import { createRng } from '../../../../../main/searchers/rng';

function sampled(value: (step: number) => number, count: number): CurvePoint[] {
  return Array.from({ length: count }, (_, i) => ({ step: i + 1, value: value(i + 1) }));
}

/** The simulator's family (a + b·t^-c, the same ranges) with its noise: a sum of three uniforms. */
function syntheticCurves(count: number, seed: number) {
  const rng = createRng(seed, 0xc0de);
  const noise = () => 0.02 * (rng.next() + rng.next() + rng.next() - 1.5);
  return Array.from({ length: count }, () => {
    const a = 0.05 + 0.55 * rng.next();
    const b = 0.1 + 0.9 * rng.next();
    const c = 0.2 + 1.3 * rng.next();
    const curve = sampled((t) => a + b * t ** -c + noise(), 50);
    return { curve, truthAt50: curve.at(-1)!.value };
  });
}

function coverage(points: number, withPeers: boolean): number {
  const curves = syntheticCurves(50, 3 + points);
  const peers = withPeers ? syntheticCurves(8, 99).map((peer) => peer.curve) : [];
  let inside = 0;
  for (const { curve, truthAt50 } of curves) {
    const forecast = forecastCurve(curve.slice(0, points), 50, { peers });
    if (forecast.low <= truthAt50 && truthAt50 <= forecast.high) inside += 1;
  }
  return inside / curves.length;
}

describe('forecastCurve', () => {
  it('recovers a noiseless pow3 curve from 12 points: the forecast at step 50 within 1%, pow3 weighted highest', () => {
    const pow3 = (t: number) => 0.2 + 1.0 * t ** -0.7;
    const forecast = forecastCurve(sampled(pow3, 12), 50);
    expect(Math.abs(forecast.median - pow3(50)) / pow3(50)).toBeLessThan(0.01);
    expect(forecast.basis).toBe('ensemble');
    const weights = forecast.weights;
    expect(weights.pow3!).toBeGreaterThan(0.9);
    expect(forecast.low).toBeLessThan(pow3(50));
    expect(forecast.high).toBeGreaterThan(pow3(50));
  });

  it('recovers a noiseless exp3 curve from 12 points: the forecast at step 50 within 1%, exp3 weighted highest', () => {
    const exp3 = (t: number) => 0.3 + 0.8 * Math.exp(-0.15 * t);
    const forecast = forecastCurve(sampled(exp3, 12), 50);
    expect(Math.abs(forecast.median - exp3(50)) / exp3(50)).toBeLessThan(0.01);
    expect(forecast.weights.exp3!).toBeGreaterThan(0.9);
  });

  it('is honest with two points: a wide band (measured 99% coverage without peers, 94% with) that holds the truth for at least 80% of 50 noisy curves', () => {
    const forecast = forecastCurve([{ step: 1, value: 1 }, { step: 2, value: 0.8 }], 50);
    expect(forecast.basis).toBe('prior');
    expect(forecast.high - forecast.low).toBeGreaterThan(0.5);
    expect(coverage(2, false)).toBeGreaterThanOrEqual(0.8);
    expect(coverage(2, true)).toBeGreaterThanOrEqual(0.8);
  });

  it('narrows with more points and stays calibrated: at 12 points the 80% band holds the truth for at least 75% of 50 noisy curves', () => {
    const curves = syntheticCurves(50, 15);
    const width = (points: number) => curves.reduce((sum, { curve }) => sum + forecastCurve(curve.slice(0, points), 50).high - forecastCurve(curve.slice(0, points), 50).low, 0);
    expect(width(12)).toBeLessThan(width(2) / 4);
    expect(coverage(12, false)).toBeGreaterThanOrEqual(0.75);
    expect(coverage(12, true)).toBeGreaterThanOrEqual(0.75);
  });

  it('forecasts a non-increasing median along the steps ahead, inside its band, and widens the band as it looks further', () => {
    const curve = sampled((t) => 0.3 + 0.9 * t ** -0.5, 10);
    const bands = forecastCurve(curve, 100).bands([11, 20, 40, 60, 100]);
    for (const [i, band] of bands.entries()) {
      expect(band.low).toBeLessThanOrEqual(band.median);
      expect(band.median).toBeLessThanOrEqual(band.high);
      if (i > 0) {
        expect(band.median).toBeLessThanOrEqual(bands[i - 1]!.median);
        expect(band.high - band.low).toBeGreaterThanOrEqual(bands[i - 1]!.high - bands[i - 1]!.low);
      }
    }
  });

  it('scales with the loss: three times the curve forecasts three times the value', () => {
    const curve = sampled((t) => 0.25 + 0.6 * t ** -0.8 + 0.01 * Math.sin(t), 15);
    const once = forecastCurve(curve, 60);
    const thrice = forecastCurve(curve.map((point) => ({ step: point.step, value: 3 * point.value })), 60);
    for (const key of ['median', 'low', 'high'] as const) expect(thrice[key]).toBeCloseTo(3 * once[key], 6);
  });

  it('is deterministic: the same curve and peers give the same bands, bit for bit', () => {
    const { curve } = syntheticCurves(1, 5)[0]!;
    const peers = syntheticCurves(5, 6).map((peer) => peer.curve);
    const steps = [10, 20, 30, 40, 50];
    expect(forecastCurve(curve.slice(0, 9), 50, { peers }).bands(steps)).toEqual(forecastCurve(curve.slice(0, 9), 50, { peers }).bands(steps));
  });

  it('never forecasts below the best peer at the target by more than half the peers’ best-to-median gap (by ratio, for positive losses)', () => {
    // A straight line down would extrapolate far below anything any trial has reached.
    const line = sampled((t) => 1 - 0.03 * t, 12);
    const peers = [0.5, 0.55, 0.6, 0.7].map((final) => sampled((t) => final + (1 - final) / t, 50));
    const forecast = forecastCurve(line, 50, { peers });
    const floor = 0.5 * Math.sqrt(0.5 / 0.575);
    expect(forecast.low).toBeGreaterThanOrEqual(floor - 1e-12);
    expect(forecast.probabilityBelow(floor - 0.01)).toBe(0);
    // Maximised metrics arrive as negative losses: there the floor is by difference.
    const negated = (curve: CurvePoint[]) => curve.map((point) => ({ step: point.step, value: -point.value - 2 }));
    const negatedForecast = forecastCurve(negated(line), 50, { peers: peers.map(negated) });
    expect(negatedForecast.probabilityBelow(-2.7 - 0.5 * (-2.575 + 2.7) - 0.01)).toBe(0);
  });

  it('never forecasts a positive loss below zero, however much the peers fell', () => {
    // An error rate at step 2; peers that went on to fall by factors from 2 to 50, and a best peer
    // far below their median (a floor by difference would have been negative).
    const early = [{ step: 1, value: 0.3 }, { step: 2, value: 0.1 }];
    const peers = [0.002, 0.01, 0.05, 0.1, 0.15].map((final) => sampled((t) => final + (0.3 - final) * t ** -1.5, 50));
    const forecast = forecastCurve(early, 50, { peers });
    expect(forecast.low).toBeGreaterThan(0);
    expect(forecast.probabilityBelow(0)).toBe(0);
    expect(forecastCurve(early, 50).probabilityBelow(0)).toBe(0);
  });

  it('learns from three or more peers what no curve family foresees: a learning-rate drop at step 30', () => {
    // Every run's loss falls as a power law, then by 40% once the learning rate drops at step 30.
    const scheduled = (scale: number) => (t: number) => scale * (0.1 + 0.9 * t ** -0.5) * (t >= 30 ? 0.6 : 1);
    const trial = scheduled(1)(50);
    const observed = sampled(scheduled(1), 20);
    const peersOf = (scales: number[]) => scales.map((scale) => sampled(scheduled(scale), 50));
    // Two peers: too few to weigh the sources on, so the families (which see no drop coming) dominate and miss it.
    const twoPeers = forecastCurve(observed, 50, { peers: peersOf([0.8, 1.3]) });
    expect(twoPeers.low).toBeGreaterThan(trial);
    // Five: each peer, cut at step 20, is forecast by each source; the peers' ratios forecast the others best.
    const fivePeers = forecastCurve(observed, 50, { peers: peersOf([0.8, 1.3, 0.9, 1.1, 1.5]) });
    expect(fivePeers.low).toBeLessThanOrEqual(trial);
    expect(fivePeers.high).toBeGreaterThanOrEqual(trial);
    expect(Math.abs(fivePeers.median - trial) / trial).toBeLessThan(0.05);
    // Told to keep the set weights, the same five peers leave the forecast where two did.
    expect(forecastCurve(observed, 50, { peers: peersOf([0.8, 1.3, 0.9, 1.1, 1.5]), learnWeights: false }).low).toBeGreaterThan(trial);
  });

  it('returns the observed value once the curve has reached the target, and +Infinity for a diverged curve', () => {
    const done = forecastCurve(sampled((t) => 1 / t, 50), 50);
    expect([done.median, done.low, done.high]).toEqual([1 / 50, 1 / 50, 1 / 50]);
    expect(done.basis).toBe('observed');
    expect(done.probabilityBelow(1 / 50)).toBe(0);
    expect(done.expectedImprovement(0.1)).toBeCloseTo(0.1 - 1 / 50, 12);
    const diverged = forecastCurve([{ step: 1, value: 1 }, { step: 2, value: Infinity }], 50);
    expect(diverged.median).toBe(Infinity);
    expect(diverged.probabilityBelow(1e9)).toBe(0);
    expect(diverged.expectedImprovement(1e9)).toBe(0);
  });

  it('refuses an empty curve', () => {
    expect(() => forecastCurve([], 10)).toThrow(RangeError);
  });
});
