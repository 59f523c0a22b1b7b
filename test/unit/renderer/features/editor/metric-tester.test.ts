import { describe, expect, it } from 'vitest';
import { testMetricPatterns } from '../../../../../renderer/features/editor/metric-tester';

const OUTPUT = `Epoch 3/10
epoch 3 train_loss=0.41 val_loss=0.52
loading data...
step: 7 - val_loss: nan`;

describe('metric pattern tester', () => {
  it('reads pasted output with the default patterns, as a trial would', () => {
    const result = testMetricPatterns(undefined, 'val_loss', OUTPUT);
    if (result.kind !== 'ok') throw new Error(result.message);
    expect(result.objectiveFound).toBe(true);
    expect(result.lines.map((line) => [line.step, line.metrics, line.nonFinite])).toEqual([
      [null, [], []],
      [3, [['val_loss', 0.52]], []],
      [null, [], []],
      [7, [], ['val_loss']],
    ]);
    const named = testMetricPatterns({ names: ['train_loss'] }, 'val_loss', OUTPUT);
    expect(named.kind === 'ok' && named.lines[1]!.metrics).toEqual([['train_loss', 0.41], ['val_loss', 0.52]]);
  });

  it('runs own patterns and tells when the objective is never found', () => {
    const own = testMetricPatterns({ patterns: ['acc=(?<acc>\\S+)'] }, 'acc', 'epoch 3 acc=0.9');
    expect(own.kind === 'ok' && own.lines[0]!.metrics).toEqual([['acc', 0.9]]);
    const missing = testMetricPatterns(undefined, 'val_acc', OUTPUT);
    expect(missing.kind === 'ok' && missing.objectiveFound).toBe(false);
  });

  it('waits for a broken section and says what to fix', () => {
    const broken = testMetricPatterns({ patterns: ['(?<x>'] }, 'x', OUTPUT);
    expect(broken).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/^metrics\.patterns\[0\]: not a valid regular expression/) });
    const uncaptured = testMetricPatterns({ patterns: ['acc=(?<acc>\\S+)'] }, 'loss', OUTPUT);
    expect(uncaptured).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/no pattern captures the objective metric loss/) });
  });
});
