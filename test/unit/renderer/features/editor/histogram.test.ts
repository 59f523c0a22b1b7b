import { describe, expect, it } from 'vitest';
import { histogram, previewParam } from '../../../../../renderer/features/editor/histogram';

function bins(value: unknown) {
  const param = previewParam(value);
  if (!param) throw new Error('invalid param');
  return histogram(param);
}

describe('histogram preview', () => {
  it('bins 1,000 draws evenly on a log scale: each decade gets about as many', () => {
    const result = bins({ type: 'float', low: 0.001, high: 1, log: true });
    if (result.kind !== 'bins') throw new Error(result.kind);
    expect(result.counts.reduce((a, b) => a + b, 0)).toBe(1000);
    const thirds = [0, 8, 16].map((start) => result.counts.slice(start, start + 8).reduce((a, b) => a + b, 0));
    for (const third of thirds) expect(third).toBeGreaterThan(280);
    expect(result.ticks).toEqual(['0.001', '0.0316', '1']);
  });

  it('shows a linear range on a linear scale and a reverse-log range piling up near 1', () => {
    const linear = bins({ type: 'float', low: 0, high: 10 });
    expect(linear.kind === 'bins' && linear.ticks).toEqual(['0', '5', '10']);
    const reverse = bins({ type: 'float', low: 0.9, high: 0.999, reverse_log: true });
    // The middle of the scale is 1 - sqrt(0.1 * 0.001) = 0.99, not the linear middle 0.95.
    expect(reverse.kind === 'bins' && reverse.ticks[1]).toBe('0.99');
  });

  it('gives one bar per value for small ints, stepped floats, choices and booleans', () => {
    const ints = bins({ type: 'int', low: 1, high: 4 });
    expect(ints.kind === 'values' && ints.bars.map((bar) => bar.label)).toEqual(['1', '2', '3', '4']);
    expect(ints.kind === 'values' && ints.bars.every((bar) => bar.count > 200)).toBe(true);
    const stepped = bins({ type: 'float', low: 0, high: 1, step: 0.25 });
    expect(stepped.kind === 'values' && stepped.bars.map((bar) => bar.label)).toEqual(['0', '0.25', '0.5', '0.75', '1']);
    const choices = bins({ type: 'categorical', choices: ['adam', 'sgd'] });
    expect(choices.kind === 'values' && choices.bars.map((bar) => bar.count).reduce((a, b) => a + b)).toBe(1000);
    expect(bins({ type: 'bool' })).toMatchObject({ kind: 'values', bars: [{ label: 'false' }, { label: 'true' }] });
  });

  it('has no preview for a parameter the schema refuses', () => {
    expect(previewParam({ type: 'float', low: 0, high: 1, log: true })).toBeNull();
  });
});
