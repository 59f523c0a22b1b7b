import { describe, expect, it } from 'vitest';
import { erf, erfc, erfcx, log1mexp, normalCdf } from '../../../../../main/searchers/gp/special-functions';

// Reference values from mpmath at 50 digits (mp.erfc, mp.erf, mp.exp(x**2) * mp.erfc(x)), rounded to 17 digits and written as the nearest doubles.
const ERFC: readonly [number, number][] = [
  [-5, 1.9999999999984626],
  [-2.5, 1.999593047982555],
  [-1, 1.842700792949715],
  [-0.3, 1.3286267594591274],
  [0, 1],
  [1e-20, 1],
  [0.1, 0.887537083981715],
  [0.46875, 0.507386526782062],
  [0.5, 0.4795001221869535],
  [1, 0.15729920705028513],
  [2, 0.004677734981047266],
  [3.9, 3.4792248597231765e-8],
  [4, 1.541725790028002e-8],
  [4.1, 6.700027654084918e-9],
  [6, 2.1519736712498913e-17],
  [10, 2.088487583762545e-45],
  [26, 5.663192408856143e-296],
];
const ERFCX: readonly [number, number][] = [
  [-20, 1.0442939379528289e174],
  [-5, 144009798674.66104],
  [-1, 5.008980080762283],
  [-0.2, 1.2726020284831956],
  [0, 1],
  [0.3, 0.7345993345676551],
  [0.5, 0.6156903441929259],
  [1, 0.427583576155807],
  [2, 0.25539567631050575],
  [4, 0.13699945762506138],
  [5, 0.11070463773306863],
  [10, 0.05614099274382259],
  [26.5, 0.021275046685371106],
  [30, 0.01879588886141675],
  [100, 0.005641613782989433],
  [1e4, 5.641895807268084e-5],
  [1e8, 5.641895835477562e-9],
];
const ERF: readonly [number, number][] = [
  [-3, -0.9999779095030014],
  [-0.4, -0.4283923550466685],
  [1e-10, 1.1283791670955126e-10],
  [0.2, 0.22270258921047847],
  [0.9, 0.7969082124228322],
  [2, 0.9953222650189527],
  [5, 0.9999999999984626],
];

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('error functions (Cody)', () => {
  it('erfc matches high-precision values to 1e-14 relative, including deep in the upper tail', () => {
    for (const [x, expected] of ERFC) expect(relativeError(erfc(x), expected), `erfc(${x})`).toBeLessThan(1e-14);
  });

  it('erfcx matches high-precision values to 1e-14 relative, for large negative and huge positive x', () => {
    for (const [x, expected] of ERFCX) expect(relativeError(erfcx(x), expected), `erfcx(${x})`).toBeLessThan(1e-14);
  });

  it('erf matches high-precision values to 1e-14 relative and is odd', () => {
    for (const [x, expected] of ERF) {
      expect(relativeError(erf(x), expected), `erf(${x})`).toBeLessThan(1e-14);
      expect(erf(-x)).toBe(-erf(x));
    }
  });

  it('saturates instead of overflowing or returning NaN at the ends of the range', () => {
    expect(erfc(30)).toBe(0);
    expect(erfc(-30)).toBe(2);
    expect(erfcx(-30)).toBe(Infinity);
    expect(erfcx(1e300)).toBeGreaterThan(0);
    expect(Number.isNaN(erfc(NaN))).toBe(true);
  });

  it('normalCdf is accurate in the lower tail, where 1 - Φ(-z) would round to zero', () => {
    // Φ(-20) = erfc(20/√2)/2 = 2.7536241186062337e-89 (mpmath).
    expect(relativeError(normalCdf(-20), 2.7536241186062337e-89)).toBeLessThan(1e-13);
    expect(normalCdf(0)).toBe(0.5);
  });

  it('log1mexp is accurate both near zero and far out', () => {
    expect(relativeError(log1mexp(-1e-20), Math.log(1e-20))).toBeLessThan(1e-15);
    expect(relativeError(log1mexp(-50), -Math.exp(-50))).toBeLessThan(1e-15);
  });
});
