import { describe, expect, it } from 'vitest';
import { decimate } from '../../../../renderer/charts/decimate';

const series = (n: number, value: (i: number) => number = (i) => Math.sin(i / 10)) => Array.from({ length: n }, (_, i) => ({ step: i, value: value(i) }));

describe('decimate', () => {
  it('returns short series as they are', () => {
    const s = series(100);
    expect(decimate(s, 2000)).toBe(s);
  });

  it('thins long series to at most the limit, keeping first and last samples in step order', () => {
    const s = series(50_000);
    const out = decimate(s, 2000);
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(out[0]).toBe(s[0]);
    expect(out[out.length - 1]).toBe(s[s.length - 1]);
    const steps = out.map((sample) => sample.step);
    expect(steps).toEqual([...new Set(steps)].sort((a, b) => a - b));
  });

  it('keeps a single spike that every-nth sampling would lose', () => {
    const s = series(10_001, (i) => (i === 4_321 ? 100 : 1));
    expect(decimate(s, 500).some((sample) => sample.value === 100)).toBe(true);
  });
});
