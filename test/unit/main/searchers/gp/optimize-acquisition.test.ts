import { describe, expect, it } from 'vitest';
import { maximizeAcquisition } from '../../../../../main/searchers/gp/optimize-acquisition';

const grid = (steps: number) => {
  const points: number[][] = [];
  for (let i = 0; i <= steps; i++) for (let j = 0; j <= steps; j++) points.push([i / steps, j / steps]);
  return points;
};

describe('acquisition maximiser', () => {
  it('refines past the resolution of the candidate cloud to the true maximum', () => {
    const peak = [0.3137, 0.7771];
    const score = (x: readonly number[]) => -((x[0]! - peak[0]!) ** 2) - 3 * (x[1]! - peak[1]!) ** 2;
    const { point, score: best } = maximizeAcquisition(score, { candidates: grid(4) });
    expect(point[0]).toBeCloseTo(peak[0]!, 4);
    expect(point[1]).toBeCloseTo(peak[1]!, 4);
    expect(best).toBeCloseTo(0, 8);
  });

  it('stays inside the unit cube when the score keeps rising beyond it', () => {
    const { point } = maximizeAcquisition((x) => 2 * x[0]! - x[1]! - (x[1]! - 0.4) ** 2, { candidates: grid(3) });
    expect(point[0]).toBe(1);
    expect(point[1]).toBeCloseTo(0, 5);
    expect(point.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('starts from incumbents too, and ignores NaN and -Infinity scores', () => {
    const score = (x: readonly number[]) => {
      if (x[0]! < 0.5) return NaN;
      if (x[0]! < 0.9) return -Infinity;
      return -((x[0]! - 0.95) ** 2) - (x[1]! - 0.5) ** 2;
    };
    const { point } = maximizeAcquisition(score, { candidates: [[0.1, 0.1], [0.6, 0.6]], incumbents: [[0.92, 0.45]] });
    expect(point[0]).toBeCloseTo(0.95, 4);
    expect(point[1]).toBeCloseTo(0.5, 4);
  });

  it('is deterministic: the same inputs give the same point', () => {
    const score = (x: readonly number[]) => Math.sin(9 * x[0]!) * Math.cos(7 * x[1]!);
    const search = { candidates: grid(6), refineCount: 3 };
    expect(maximizeAcquisition(score, search)).toEqual(maximizeAcquisition(score, search));
  });

  it('needs at least one candidate', () => {
    expect(() => maximizeAcquisition(() => 0, { candidates: [] })).toThrow(/at least one/);
  });
});
