import { describe, expect, it } from 'vitest';
import { minimizeWithinBounds } from '../../../../../main/searchers/gp/bounded-lbfgs';

function rosenbrock(x: Float64Array) {
  const [a, b] = [x[0]!, x[1]!];
  return {
    value: (1 - a) ** 2 + 100 * (b - a * a) ** 2,
    gradient: Float64Array.from([-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)]),
  };
}

describe('bounded L-BFGS', () => {
  it('finds the Rosenbrock minimum at (1, 1) when the box contains it', () => {
    const result = minimizeWithinBounds(rosenbrock, [-1.2, 1], [-5, -5], [5, 5], { maxIterations: 500 });
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
  });

  it('stops on the active bound when the minimum lies outside the box', () => {
    // With x ≤ 0.5 the constrained minimum is x = 0.5, y = x² = 0.25.
    const result = minimizeWithinBounds(rosenbrock, [-1.2, 1], [-5, -5], [0.5, 5], { maxIterations: 500 });
    expect(result.x[0]).toBe(0.5);
    expect(result.x[1]).toBeCloseTo(0.25, 6);
    expect(result.value).toBeCloseTo(0.25, 8);
  });

  it('never evaluates outside the box and backs off from infeasible (non-finite) regions', () => {
    const seen: number[][] = [];
    const objective = (x: Float64Array) => {
      seen.push(Array.from(x));
      // Infeasible beyond x = 0.8 even though the unconstrained minimum is at 2.
      const value = x[0]! > 0.8 ? Infinity : (x[0]! - 2) ** 2 + (x[1]! + 3) ** 2;
      return { value, gradient: Float64Array.from([2 * (x[0]! - 2), 2 * (x[1]! + 3)]) };
    };
    const result = minimizeWithinBounds(objective, [0, 0], [-1, -1], [1, 1], { maxIterations: 200 });
    for (const [a, b] of seen) {
      expect(a).toBeGreaterThanOrEqual(-1);
      expect(a).toBeLessThanOrEqual(1);
      expect(b).toBeGreaterThanOrEqual(-1);
      expect(b).toBeLessThanOrEqual(1);
    }
    expect(result.x[1]).toBe(-1);
    expect(result.x[0]).toBeGreaterThan(0.75);
    expect(result.x[0]).toBeLessThanOrEqual(0.8);
  });
});
