import { describe, expect, it } from 'vitest';
import { formatDuration, formatParam, formatParams, formatValue, progressFraction, trialDuration } from '../../../../renderer/lib/format';

describe('formatting', () => {
  it('formats values to four significant digits, exponents for extremes', () => {
    expect(formatValue(0.071234)).toBe('0.07123');
    expect(formatValue(12.3456)).toBe('12.35');
    expect(formatValue(0.000312)).toBe('3.12e-4');
    expect(formatValue(12345678)).toBe('1.235e7');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(null)).toBe('—');
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue(-Infinity)).toBe('−∞');
  });

  it('formats params: integers exact, floats short, others as text', () => {
    expect(formatParam(128)).toBe('128');
    expect(formatParam(0.00045)).toBe('4.5e-4');
    expect(formatParam(true)).toBe('true');
    expect(formatParam('adam')).toBe('adam');
    expect(formatParams({ layers: 3, lr: 0.01 }, ['lr', 'layers'])).toBe('lr=0.01, layers=3');
  });

  it('formats durations', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 m 05 s');
    expect(formatDuration(7_620_000)).toBe('2 h 07 m');
    expect(formatDuration(null)).toBe('—');
    expect(trialDuration({ startedAt: 1000, endedAt: null }, 4000)).toBe(3000);
    expect(trialDuration({ startedAt: null, endedAt: null }, 4000)).toBeNull();
  });

  it('clamps progress', () => {
    expect(progressFraction(3, 12)).toBe(0.25);
    expect(progressFraction(20, 12)).toBe(1);
    expect(progressFraction(1, 0)).toBe(0);
  });
});
