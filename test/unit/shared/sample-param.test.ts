import { describe, expect, it } from 'vitest';
import { paramToUnit, sampleParam } from '../../../shared/sample-param';
import { paramSchema, type Param } from '../../../shared/search-space';

const grid = (n: number) => Array.from({ length: n }, (_, i) => (i + 0.5) / n);
const param = (raw: unknown): Param => paramSchema.parse(raw);

describe('sampling a parameter on its scale', () => {
  it('puts as many reverse-log draws between 0.99 and 0.999 as between 0.9 and 0.99', () => {
    const momentum = param({ type: 'float', low: 0.9, high: 0.999, reverse_log: true });
    const values = grid(1000).map((u) => sampleParam(momentum, u) as number);
    const upper = values.filter((v) => v >= 0.99).length;
    expect(upper).toBeGreaterThan(480);
    expect(upper).toBeLessThan(520);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0.9);
    expect(Math.max(...values)).toBeLessThanOrEqual(0.999);
  });

  it('quantises to low + k * step, also on a log scale, and stays inside the range', () => {
    const dropout = param({ type: 'float', low: 0, high: 0.5, step: 0.1 });
    expect(new Set(grid(200).map((u) => sampleParam(dropout, u)))).toEqual(new Set([0, 0.1, 0.2, 0.3, 0.4, 0.5]));
    const width = param({ type: 'int', low: 16, high: 512, log: true, step: 16 });
    for (const u of grid(300)) {
      const value = sampleParam(width, u) as number;
      expect(value % 16).toBe(0);
      expect(value).toBeGreaterThanOrEqual(16);
      expect(value).toBeLessThanOrEqual(512);
    }
  });

  it('round-trips through the unit interval on each scale', () => {
    for (const raw of [
      { type: 'float', low: 1e-4, high: 1, log: true },
      { type: 'float', low: 0.9, high: 0.999, reverse_log: true },
      { type: 'float', low: -3, high: 5 },
    ]) {
      const p = param(raw);
      for (const u of [0.1, 0.5, 0.9]) expect(paramToUnit(p, sampleParam(p, u))).toBeCloseTo(u, 9);
    }
    const choice = param({ type: 'categorical', choices: ['a', 'b', 'c'] });
    for (const value of ['a', 'b', 'c']) expect(sampleParam(choice, paramToUnit(choice, value))).toBe(value);
    expect(sampleParam(param({ type: 'bool' }), paramToUnit(param({ type: 'bool' }), true))).toBe(true);
  });
});
