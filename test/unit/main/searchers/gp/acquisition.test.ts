import { describe, expect, it } from 'vitest';
import {
  expectedImprovement,
  logExpectedImprovement,
  logExpectedImprovementStandardised,
} from '../../../../../main/searchers/gp/acquisition';

// log(z·Φ(z) + φ(z)) from mpmath at 50 digits, rounded to 17 digits and written as the nearest doubles.
const LOG_H: readonly [number, number][] = [
  [5, 1.6094379231264313],
  [1, 0.08002621884930694],
  [0, -0.9189385332046728],
  [-0.5, -1.6205162643873199],
  [-1, -2.4851210257126413],
  [-2, -4.768783523917114],
  [-5, -16.74430116266099],
  [-9.99, -55.45122728597831],
  [-10.01, -55.655114947775424],
  [-15, -118.84817068411358],
  [-25, -319.86146358149597],
  [-40, -808.29856835662],
  [-100, -5010.12957880025],
  [-1000, -500014.73445209116],
  [-1e5, -5000000023.94479],
];

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('log expected improvement (minimisation)', () => {
  it('matches high-precision log h(z) to 1e-12 relative, across both branches and deep into the tail', () => {
    for (const [z, expected] of LOG_H) {
      expect(relativeError(logExpectedImprovementStandardised(z), expected), `z = ${z}`).toBeLessThan(1e-12);
    }
  });

  it('equals log of the textbook EI to 1e-9 relative wherever EI is not tiny', () => {
    const best = 1.5;
    for (const mean of [-3, -0.2, 0.7, 1.4, 1.5, 1.6, 2.5, 4]) {
      for (const std of [0.05, 0.3, 1, 2.5]) {
        // Past |z| ~ 8 the textbook EI is itself losing digits (and past ~38 it is zero).
        if (Math.abs((best - mean) / std) > 8) continue;
        const direct = expectedImprovement(mean, std, best);
        const logged = logExpectedImprovement(mean, std, best);
        expect(relativeError(Math.exp(logged), direct), `mean ${mean}, std ${std}`).toBeLessThan(1e-9);
      }
    }
  });

  it('stays finite and strictly increasing far into the tail, where EI itself underflows to zero', () => {
    const zs = [-1e6, -1000, -100, -40, -38, -20, -10.5, -10, -9.5, -3, -1, -0.99, 0];
    const values = zs.map(logExpectedImprovementStandardised);
    for (const value of values) expect(Number.isFinite(value)).toBe(true);
    for (let i = 1; i < values.length; i++) expect(values[i]!, `z = ${zs[i]}`).toBeGreaterThan(values[i - 1]!);
    expect(expectedImprovement(40, 1, 0)).toBe(0);
    expect(Number.isFinite(logExpectedImprovement(40, 1, 0))).toBe(true);
  });

  it('is continuous across the branch points at z = -1 and z = -10', () => {
    for (const edge of [-1, -10]) {
      const below = logExpectedImprovementStandardised(edge - 1e-9);
      const above = logExpectedImprovementStandardised(edge + 1e-9);
      expect(Math.abs(above - below)).toBeLessThan(1e-7);
    }
  });

  it('EI is non-negative, grows with the posterior std at a fixed mean, and tends to best - mean as std -> 0', () => {
    const best = 0;
    for (const mean of [-2, 0, 3]) {
      let previous = -Infinity;
      for (const std of [0.3, 1, 3, 10]) {
        const ei = expectedImprovement(mean, std, best);
        expect(ei).toBeGreaterThanOrEqual(0);
        const logged = logExpectedImprovement(mean, std, best);
        expect(logged).toBeGreaterThan(previous);
        previous = logged;
      }
    }
    expect(Math.exp(logExpectedImprovement(-2, 1e-9, 0))).toBeCloseTo(2, 12);
    expect(Math.exp(logExpectedImprovement(-2, 0, 0))).toBe(2);
    expect(logExpectedImprovement(3, 0, 0)).toBe(-Infinity);
    expect(Number.isNaN(logExpectedImprovement(0, -1, 0))).toBe(true);
  });
});
