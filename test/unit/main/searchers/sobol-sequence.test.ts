import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../main/searchers/rng';
import {
  MAX_SOBOL_DIMENSIONS,
  sobolPoint,
  sobolPoints,
  unscrambledSobolPoint,
} from '../../../../main/searchers/sobol-sequence';

const TWO_POW_32 = 2 ** 32;

/** The 32-bit word a coordinate came from (coordinates are cell centres, (word + 1/2) / 2^32). */
const word = (x: number) => Math.floor(x * TWO_POW_32);

/** How many of `values` fall in each of the 2^bits equal intervals of [0, 1). */
function intervalCounts(values: readonly number[], bits: number): number[] {
  const counts = new Array<number>(2 ** bits).fill(0);
  for (const x of values) counts[Math.floor(x * 2 ** bits)]! += 1;
  return counts;
}

/**
 * Whether the points' projection on dimensions (a, b) is a (t, m, 2)-net in base 2: every
 * elementary box [i/2^p, (i+1)/2^p) x [j/2^q, (j+1)/2^q) with p + q = m - t holds exactly 2^t points.
 */
function isNet(points: readonly (readonly number[])[], a: number, b: number, m: number, t: number): boolean {
  for (let p = 0; p <= m - t; p++) {
    const q = m - t - p;
    const counts = new Array<number>(2 ** (m - t)).fill(0);
    for (const point of points) counts[Math.floor(point[a]! * 2 ** p) * 2 ** q + Math.floor(point[b]! * 2 ** q)]! += 1;
    if (counts.some((count) => count !== 2 ** t)) return false;
  }
  return true;
}

/** The L2-star discrepancy of points in [0, 1)^d, by Warnock's closed form (quadratic in n). */
function l2StarDiscrepancy(points: readonly (readonly number[])[]): number {
  const n = points.length;
  const d = points[0]!.length;
  let single = 0;
  let pairs = 0;
  for (const x of points) {
    let product = 1;
    for (let k = 0; k < d; k++) product *= 1 - x[k]! * x[k]!;
    single += product;
    for (const y of points) {
      let pairProduct = 1;
      for (let k = 0; k < d; k++) pairProduct *= 1 - Math.max(x[k]!, y[k]!);
      pairs += pairProduct;
    }
  }
  return Math.sqrt(3 ** -d - (2 ** (1 - d) / n) * single + pairs / (n * n));
}

describe('scrambled Sobol sequence', () => {
  it('is deterministic under a seed, and different seeds give different points', () => {
    expect(sobolPoints(64, 6, 11)).toEqual(sobolPoints(64, 6, 11));
    expect(sobolPoint(37, 6, 11)).toEqual(sobolPoint(37, 6, 11));
    expect(sobolPoints(64, 6, 0)).not.toEqual(sobolPoints(64, 6, 1));
    // Seeds are folded as two 32-bit halves, so seeds 2^32 apart must not collide.
    expect(sobolPoint(5, 3, 1)).not.toEqual(sobolPoint(5, 3, 1 + TWO_POW_32));
  });

  it('keeps every coordinate strictly inside (0, 1), and the first point is not the origin', () => {
    for (const seed of [0, 1, 2 ** 31 - 1]) {
      const outside = sobolPoints(2048, 12, seed).flat().filter((x) => !(x > 0 && x < 1));
      expect(outside).toEqual([]);
      expect(sobolPoint(0, 12, seed).some((x) => x > 0.01)).toBe(true);
    }
    // The extreme indices exercise all 32 digits.
    for (const index of [2 ** 31, 2 ** 32 - 1]) {
      expect(sobolPoint(index, MAX_SOBOL_DIMENSIONS, 3).filter((x) => !(x > 0 && x < 1))).toEqual([]);
    }
  });

  it('computes point i directly, equal to the i-th point of the sequence, so a resumed search need not replay', () => {
    const sequence = sobolPoints(1100, 40, 5);
    for (const index of [0, 1, 2, 3, 37, 511, 512, 513, 1023, 1024, 1099]) {
      expect(sobolPoint(index, 40, 5)).toEqual(sequence[index]);
    }
  });

  it('gives the same leading coordinates whatever the number of dimensions, so adding a parameter moves no other', () => {
    expect(sobolPoint(123, 30, 9).slice(0, 7)).toEqual(sobolPoint(123, 7, 9));
    expect(sobolPoints(50, MAX_SOBOL_DIMENSIONS, 9).map((point) => point.slice(0, 3))).toEqual(sobolPoints(50, 3, 9));
  });

  it('scrambles with a random matrix, not only a digital shift', () => {
    // A digital shift alone would leave word(x_i) ^ word(x_0) equal to the unscrambled point i for
    // every seed; the matrix scramble makes it depend on the seed.
    const differences = (seed: number) =>
      [1, 2, 3, 37].map((i) => sobolPoint(i, 4, seed).map((x, j) => (word(x) ^ word(sobolPoint(0, 4, seed)[j]!)) >>> 0));
    const plain = [1, 2, 3, 37].map((i) => unscrambledSobolPoint(i, 4).map((x) => x * TWO_POW_32));
    expect(differences(0)).not.toEqual(plain);
    expect(differences(0)).not.toEqual(differences(1));
  });

  it('puts exactly one of the first 2^k points in each interval of width 2^-k, in every dimension, for several seeds', () => {
    // This holds for any table whose m values are odd and below 2^i (each dimension's generator
    // matrix is then unit upper-triangular), so it guards the recurrence and the scrambling more
    // than the exact Joe-Kuo numbers; the reference test below pins those.
    for (const seed of [0, 1, 977]) {
      const points = sobolPoints(256, MAX_SOBOL_DIMENSIONS, seed);
      for (let k = 4; k <= 8; k++) {
        const prefix = points.slice(0, 2 ** k);
        for (let j = 0; j < MAX_SOBOL_DIMENSIONS; j++) {
          const counts = intervalCounts(prefix.map((point) => point[j]!), k);
          if (counts.some((count) => count !== 1)) throw new Error(`seed ${seed}, dimension ${j}, first 2^${k} points are not balanced`);
        }
      }
    }
  });

  it('keeps the two-dimensional projections of the first 256 points as even as the Joe-Kuo table promises', () => {
    // The smallest t for which the first 2^8 unscrambled points project onto (a, b) as a
    // (t, 8, 2)-net, computed with scipy 1.17 (Sobol(256, scramble=False, bits=32)). Matrix
    // scrambling and digital shifts preserve t exactly, and a wrong direction number changes some.
    const expectedT: readonly (readonly [number, number, number])[] = [
      [0, 1, 0], [1, 2, 1], [0, 2, 1], [2, 3, 1], [3, 4, 1], [4, 5, 3],
      [10, 11, 2], [0, 63, 2], [20, 50, 3], [63, 64, 2], [100, 200, 1], [254, 255, 3],
    ];
    for (const seed of [0, 42]) {
      const points = sobolPoints(256, MAX_SOBOL_DIMENSIONS, seed);
      for (const [a, b, t] of expectedT) {
        expect(isNet(points, a, b, 8, t), `(${a}, ${b}) should be a (${t}, 8, 2)-net`).toBe(true);
        if (t > 0) expect(isNet(points, a, b, 8, t - 1), `(${a}, ${b}) should not be a (${t - 1}, 8, 2)-net`).toBe(false);
      }
    }
  });

  it('reproduces the published Joe-Kuo sequence bit for bit when unscrambled', () => {
    // Reference words from scipy 1.17: Sobol(256, scramble=False, bits=32), fast_forward(index).
    expect(unscrambledSobolPoint(0, 4)).toEqual([0, 0, 0, 0]);
    expect(unscrambledSobolPoint(1, 4)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(unscrambledSobolPoint(2, 4)).toEqual([0.75, 0.25, 0.25, 0.25]);
    expect(unscrambledSobolPoint(3, 4)).toEqual([0.25, 0.75, 0.75, 0.75]);
    const dimensions = [0, 1, 2, 9, 37, 83, 84, 100, 127, 128, 200, 255];
    const reference: Record<number, readonly number[]> = {
      5: [3758096384, 3758096384, 536870912, 536870912, 1610612736, 3758096384, 536870912, 536870912, 536870912, 2684354560, 536870912, 3758096384],
      37: [3959422976, 2751463424, 2483027968, 738197504, 2885681152, 2080374784, 738197504, 1543503872, 2885681152, 1946157056, 3556769792, 1946157056],
      1000: [943718400, 415236096, 2227175424, 297795584, 3569352704, 3217031168, 1472200704, 3300917248, 2336227328, 3829399552, 3233808384, 1069547520],
      699050: [4294963200, 268505088, 1330622464, 1546309632, 4255879168, 1417351168, 2876583936, 2080378880, 3192057856, 4088311808, 757297152, 674123776],
    };
    for (const [index, words] of Object.entries(reference)) {
      const point = unscrambledSobolPoint(Number(index), MAX_SOBOL_DIMENSIONS);
      expect(dimensions.map((j) => point[j]! * TWO_POW_32), `point ${index}`).toEqual(words);
    }
    // Point 2^(k+1) - 1 has Gray code 2^k, so it is direction number k itself: hashing those points
    // for k = 0..31 covers every number of every dimension. FNV-1a over whole words, k-major, the
    // same hash taken over scipy's direction numbers (Sobol(256, scramble=False, bits=32)._sv).
    let hash = 0x811c9dc5;
    for (let k = 0; k < 32; k++) {
      for (const x of unscrambledSobolPoint(2 ** (k + 1) - 1, MAX_SOBOL_DIMENSIONS)) hash = Math.imul(hash ^ (x * TWO_POW_32), 0x01000193) >>> 0;
    }
    expect(hash.toString(16)).toBe('13b2df13');
  });

  it('covers 5-D far more evenly than pseudo-random points (L2-star discrepancy under half the random median)', () => {
    // 512 points rather than 256: at 256 the scrambled-Sobol/random ratio is about 0.45 for every
    // seed (checked against scipy over 30 seeds), too close to the half line to say much; at 512
    // it is about 0.35, so the test passes with room and still fails for a broken table or scramble.
    const sobol = l2StarDiscrepancy(sobolPoints(512, 5, 2024));
    const random = Array.from({ length: 20 }, (_, set) => {
      const rng = createRng(31, set);
      return l2StarDiscrepancy(Array.from({ length: 512 }, () => Array.from({ length: 5 }, () => rng.next())));
    }).sort((x, y) => x - y);
    const median = (random[9]! + random[10]!) / 2;
    expect(sobol).toBeLessThan(median / 2);
  });

  it('generates 10,000 points in 20 dimensions cheaply, still balanced at 2^13', () => {
    // Not timed: quadratic work would blow the default test timeout long before this assertion.
    const points = sobolPoints(10_000, 20, 8);
    expect(points).toHaveLength(10_000);
    expect(intervalCounts(points.slice(0, 8192).map((point) => point[19]!), 13).every((count) => count === 1)).toBe(true);
  });

  it('rejects dimensions outside 1..MAX and indices that are negative, fractional or past 2^32 - 1', () => {
    expect(MAX_SOBOL_DIMENSIONS).toBeGreaterThanOrEqual(128);
    expect(() => sobolPoint(0, 0, 1)).toThrow(/dimensions must be an integer from 1 to/);
    expect(() => sobolPoint(0, MAX_SOBOL_DIMENSIONS + 1, 1)).toThrow(/dimensions/);
    expect(() => sobolPoint(0, 2.5, 1)).toThrow(/dimensions/);
    expect(() => sobolPoints(4, 0, 1)).toThrow(/dimensions/);
    expect(() => sobolPoint(-1, 3, 1)).toThrow(/index must be an integer from 0/);
    expect(() => sobolPoint(1.5, 3, 1)).toThrow(/index/);
    expect(() => sobolPoint(2 ** 32, 3, 1)).toThrow(/index/);
    expect(() => sobolPoint(Number.NaN, 3, 1)).toThrow(/index/);
    expect(() => sobolPoints(-1, 3, 1)).toThrow(/count/);
    expect(() => sobolPoint(0, 3, 0.5)).toThrow(/seed/);
    expect(sobolPoints(0, 3, 1)).toEqual([]);
  });
});
