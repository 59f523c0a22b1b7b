import { describe, expect, it } from 'vitest';
import { parseMetricLine } from '../../../../main/runner/metric-line';

describe('@tundra line parsing', () => {
  it('reads a step and several metrics', () => {
    expect(parseMetricLine('@tundra {"step": 3, "val_loss": 0.41, "val_acc": 0.9}')).toEqual({
      kind: 'report',
      step: 3,
      metrics: { val_loss: 0.41, val_acc: 0.9 },
      final: false,
      nonFinite: [],
      warnings: [],
    });
  });

  it('treats other output, including look-alikes, as log', () => {
    expect(parseMetricLine('epoch 3 loss 0.4')).toEqual({ kind: 'log' });
    expect(parseMetricLine('@tundrax {"step": 1}')).toEqual({ kind: 'log' });
    expect(parseMetricLine('  @tundra {"step": 1, "a": 1}')).toEqual({ kind: 'log' });
  });

  it('marks final reports and accepts a missing step', () => {
    expect(parseMetricLine('@tundra {"final": true, "val_loss": 0.2}')).toMatchObject({ kind: 'report', step: null, final: true });
  });

  it('turns garbage into an invalid line with a reason instead of throwing', () => {
    expect(parseMetricLine('@tundra {oops')).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/not valid JSON/) });
    expect(parseMetricLine('@tundra [1, 2]')).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/JSON object/) });
    expect(parseMetricLine('@tundra {"step": -1, "a": 1}')).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/step must be a whole number/) });
    expect(parseMetricLine('@tundra {"step": 1.5, "a": 1}')).toMatchObject({ kind: 'invalid' });
    expect(parseMetricLine('@tundra {"step": 1}')).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/no metrics/) });
    expect(parseMetricLine('@tundra')).toMatchObject({ kind: 'invalid' });
  });

  it('keeps the good metrics of a line and warns about non-numeric and non-finite ones', () => {
    const parsed = parseMetricLine('@tundra {"step": 2, "val_loss": NaN, "acc": 0.5, "lr": "abc", "gn": Infinity, "x": -Infinity, "y": null}');
    expect(parsed).toMatchObject({ kind: 'report', step: 2, metrics: { acc: 0.5 }, nonFinite: ['val_loss', 'gn', 'x', 'y'] });
    if (parsed.kind !== 'report') return;
    expect(parsed.warnings).toEqual([
      'val_loss is not a finite number (NaN); the point was not recorded',
      'lr must be a number, got "abc"; the point was not recorded',
      'gn is not a finite number (Infinity); the point was not recorded',
      'x is not a finite number (-Infinity); the point was not recorded',
      'y is not a finite number (null); the point was not recorded',
    ]);
  });

  it('copes with a huge line in bounded time', () => {
    const huge = `@tundra {"step": 1, "a": 1, "pad": "${'x'.repeat(500_000)}"}`;
    const parsed = parseMetricLine(huge);
    expect(parsed).toMatchObject({ kind: 'report', metrics: { a: 1 } });
    if (parsed.kind === 'report') expect(parsed.warnings[0]!.length).toBeLessThan(120);
  });
});
