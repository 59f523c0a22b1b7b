import { describe, expect, it } from 'vitest';
import {
  compileMetricPatterns,
  MAX_MATCHED_LINE_LENGTH,
  parseMetricNumber,
  type MetricPatternMatcher,
} from '../../../shared/metric-matcher';
import { metricPatternsSchema, type MetricPatternSettingsInput } from '../../../shared/metric-patterns';

function matcher(settings: MetricPatternSettingsInput, objective = 'val_loss'): MetricPatternMatcher {
  return compileMetricPatterns(metricPatternsSchema.parse(settings), objective);
}

function report(step: number | null, metrics: Record<string, number>, nonFinite: string[] = []) {
  return { step, metrics, final: false, nonFinite };
}

describe('default patterns: name: value and name=value for the metrics named', () => {
  const keras = matcher({ names: ['loss', 'accuracy', 'val_accuracy'] });

  it('reads Keras epoch lines, old and Keras 3 style, with the step left to the ingesting side', () => {
    expect(keras.match('Epoch 3/10')).toBeNull();
    expect(keras.match('100/100 [==============================] - 2s 20ms/step - loss: 0.4100 - accuracy: 0.8800 - val_loss: 0.5200 - val_accuracy: 0.8500')).toEqual(
      report(null, { loss: 0.41, accuracy: 0.88, val_loss: 0.52, val_accuracy: 0.85 }),
    );
    expect(keras.match('\x1b[1m100/100\x1b[0m \x1b[32m━━━━━━━━━━━━━━━━━━━━\x1b[0m\x1b[37m\x1b[0m \x1b[1m2s\x1b[0m 15ms/step - accuracy: 0.9012 - loss: 0.3311 - val_accuracy: 0.8900 - val_loss: 0.3702')).toEqual(
      report(null, { accuracy: 0.9012, loss: 0.3311, val_accuracy: 0.89, val_loss: 0.3702 }),
    );
  });

  it('reads the final state of a Lightning progress bar redrawn with \\r, with its epoch as the step', () => {
    const lightning = matcher({ names: ['train_loss'] });
    const bar = [
      'Epoch 2:   0%|          | 0/50 [00:00<?, ?it/s, v_num=0, train_loss=0.612]',
      'Epoch 2:  50%|█████     | 25/50 [00:00<00:00, 40.00it/s, v_num=0, train_loss=0.500]',
      'Epoch 2: 100%|██████████| 50/50 [00:01<00:00, 40.12it/s, v_num=0, train_loss=0.410, val_loss=0.520]',
    ];
    expect(lightning.match(`\r${bar.join('\r')}`)).toEqual(report(2, { train_loss: 0.41, val_loss: 0.52 }));
    // Older Lightning: `loss=` in the bar; a bar that has not validated yet reports what it has.
    expect(matcher({ names: ['loss'] }).match('Epoch 0:  40%|████      | 20/50 [00:00<00:00, 41.2it/s, loss=0.693, v_num=3]')).toEqual(report(0, { loss: 0.693 }));
    // tqdm.write clears the bar with spaces and \r, then prints the message.
    expect(lightning.match(`${bar[1]}\r${' '.repeat(100)}\rval_loss: 0.48\r`)).toEqual(report(null, { val_loss: 0.48 }));
    // A trailing \r (Windows line ends) hides nothing.
    expect(lightning.match('val_loss=0.5\r')).toEqual(report(null, { val_loss: 0.5 }));
  });

  it('reads Hugging Face Trainer dict prints, with an integral epoch as the step', () => {
    const hf = matcher({ names: ['loss', 'learning_rate'] }, 'eval_loss');
    expect(hf.match("{'eval_loss': 0.52, 'eval_runtime': 1.2345, 'eval_samples_per_second': 812.3, 'epoch': 3.0}")).toEqual(report(3, { eval_loss: 0.52 }));
    expect(hf.match("{'loss': 0.4123, 'grad_norm': 1.93, 'learning_rate': 5e-05, 'epoch': 0.33}")).toEqual(
      report(null, { loss: 0.4123, learning_rate: 5e-5 }),
    );
    expect(hf.match('{"eval_loss": 0.25, "step": 1500}')).toEqual(report(1500, { eval_loss: 0.25 }));
  });

  it('reads plain key=value and key: value lines, several per line, and ignores keys not named', () => {
    const plain = matcher({ names: ['train_loss', 'lr'] });
    expect(plain.match('val_loss=0.52')).toEqual(report(null, { val_loss: 0.52 }));
    expect(plain.match('epoch 3 train_loss: 0.41 val_loss: 0.52 lr=1e-3')).toEqual(report(3, { train_loss: 0.41, val_loss: 0.52, lr: 0.001 }));
    expect(matcher({}).match('epoch 3 train_loss: 0.41 val_loss: 0.52 lr=1e-3 val_acc=0.9')).toEqual(report(3, { val_loss: 0.52 }));
    expect(plain.match('val_loss = 0.52 | train_loss : 0.61')).toEqual(report(null, { val_loss: 0.52, train_loss: 0.61 }));
    // The shipped quickstart's own log line.
    expect(matcher({ names: ['train_loss', 'val_acc'] }).match('epoch 4 train_loss=0.2311 val_loss=0.2502 val_acc=0.9306')).toEqual(
      report(4, { train_loss: 0.2311, val_loss: 0.2502, val_acc: 0.9306 }),
    );
  });

  it('reads names with dots, slashes and dashes, and keeps them apart from longer names', () => {
    const slashed = matcher({ names: ['val/acc', 'top-1'] }, 'val/loss');
    expect(slashed.match('val/loss=0.3 val/acc=0.9 top-1: 71.2 train/val/loss=9')).toEqual(report(null, { 'val/loss': 0.3, 'val/acc': 0.9, 'top-1': 71.2 }));
    const nested = matcher({ names: ['val_loss_ema'] });
    expect(nested.match('val_loss_ema: 0.5 val_loss: 0.6')).toEqual(report(null, { val_loss_ema: 0.5, val_loss: 0.6 }));
  });

  it('parses numbers strictly: signs, exponents, bare dots and trailing punctuation', () => {
    const m = matcher({ names: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] });
    expect(m.match('a: 1e-3, b=-0.5; c=+2 d: .5 e=5. f: 1E+2) g=0.41.')).toEqual(report(null, { a: 0.001, b: -0.5, c: 2, d: 0.5, e: 5, f: 100, g: 0.41 }));
    expect(m.match("a: tensor(0.4100, device='cuda:0') b: np.float64(0.25)")).toEqual(report(null, { a: 0.41, b: 0.25 }));
    expect(m.match('a: 95%')).toEqual(report(null, { a: 95 }));
  });

  it('reports nan and inf in any spelling as non-finite, apart from the finite metrics', () => {
    const m = matcher({ names: ['loss', 'grad_norm', 'acc'] });
    expect(m.match('loss: nan')).toEqual(report(null, {}, ['loss']));
    expect(m.match('step=7 loss=NaN grad_norm=inf acc=0.5 val_loss: -Infinity')).toEqual(report(7, { acc: 0.5 }, ['loss', 'grad_norm', 'val_loss']));
    expect(m.match('loss: INF, val_loss: -inf')).toEqual(report(null, {}, ['loss', 'val_loss']));
    expect(m.match('loss: 1e999')).toEqual(report(null, {}, ['loss']));
  });

  it('keeps the last value when a name repeats in a line', () => {
    const m = matcher({});
    expect(m.match('val_loss: nan ... val_loss: 0.5')).toEqual(report(null, { val_loss: 0.5 }));
    expect(m.match('val_loss: 0.5 ... val_loss: nan')).toEqual(report(null, {}, ['val_loss']));
  });

  it('records nothing from junk, hyperparameter echoes and look-alike keys', () => {
    const m = matcher({ names: ['loss', 'lr'] });
    for (const line of [
      '',
      '   ',
      'Epoch: 3',
      'batch: 17',
      'Loading checkpoint shards: 100%|██████████| 2/2',
      'val_loss is what we minimise',
      'val_loss: n/a',
      'val_loss: 0.4.1',
      'val_loss: 12ms',
      'val_loss: 0x1F',
      'val_loss: 1e',
      'val_loss: -',
      'val_lossy: 0.5',
      'my_val_loss: 0.5',
      'val_loss2: 3',
      'python train.py --lr=0.001 --loss=0.3',
      'Namespace(batch_size=32, hidden=64)',
      'val-loss: 0.5 total.loss: 3 sub/loss=2',
    ]) {
      expect(m.match(line), line).toBeNull();
    }
    expect(m.match('Namespace(lr=0.001, batch_size=32)')).toEqual(report(null, { lr: 0.001 }));
  });

  it('matches metric names case-sensitively, as they are stored', () => {
    expect(matcher({}).match('VAL_LOSS: 0.5 Val_Loss=0.4')).toBeNull();
    expect(matcher({}, 'Loss').match('Epoch [3/10], Step [100/600], Loss: 0.4100')).toEqual(report(3, { Loss: 0.41 }));
  });
});

describe('default patterns: the step', () => {
  const m = matcher({ names: ['loss'] });

  it('prefers a step key over an epoch key over a leading Epoch N, in any letter case', () => {
    expect(m.match('Epoch 2 step=100 epoch=2 loss=0.3')).toEqual(report(100, { loss: 0.3 }));
    expect(m.match('Epoch 2 EPOCH: 4 loss=0.3')).toEqual(report(4, { loss: 0.3 }));
    expect(m.match('Step: 12, loss: 0.3')).toEqual(report(12, { loss: 0.3 }));
    expect(m.match('[Epoch 5] loss: 0.3')).toEqual(report(5, { loss: 0.3 }));
    expect(m.match('==> epoch 00007 | loss 1 | val_loss: 0.3')).toEqual(report(7, { val_loss: 0.3 }));
  });

  it('ignores a step that is not a whole number >= 0 and keeps the metrics', () => {
    expect(m.match('step=1.5 loss=0.3')).toEqual(report(null, { loss: 0.3 }));
    expect(m.match('step=-1 loss=0.3')).toEqual(report(null, { loss: 0.3 }));
    expect(m.match('step=nan loss=0.3')).toEqual(report(null, { loss: 0.3 }));
    expect(m.match('epoch: 2.5 loss: 0.3')).toEqual(report(null, { loss: 0.3 }));
    expect(m.match('Epoch 2.5 loss: 0.3')).toEqual(report(null, { loss: 0.3 }));
    expect(m.match('step=1.5 epoch=2 loss=0.3')).toEqual(report(2, { loss: 0.3 }));
    expect(m.match('step=0 loss=0.3')).toEqual(report(0, { loss: 0.3 }));
    expect(m.match('step=-0 loss=0.3')?.step).toBe(0);
    expect(Object.is(m.match('step=-0 loss=0.3')?.step, 0)).toBe(true);
  });

  it('does not read words that merely contain step or epoch as the step', () => {
    expect(m.match('global_step=100 epochs: 9 ms/step: 3 loss=0.3')).toEqual(report(null, { loss: 0.3 }));
  });

  it('reads only the configured key when step is set, plus a leading Epoch N when that key is epoch', () => {
    const iteration = matcher({ step: 'iteration', names: ['loss'] });
    expect(iteration.match('Epoch 1 iteration=500 step=7 loss=0.3')).toEqual(report(500, { loss: 0.3 }));
    expect(iteration.match('Epoch 1 step=7 loss=0.3')).toEqual(report(null, { loss: 0.3 }));
    const epoch = matcher({ step: 'epoch', names: ['loss'] });
    expect(epoch.match('Epoch 3: 100%|██| 10/10 [00:01<00:00, loss=0.3]')).toEqual(report(3, { loss: 0.3 }));
    expect(epoch.match('step=9 epoch=4 loss=0.3')).toEqual(report(4, { loss: 0.3 }));
  });

  it('treats step and epoch as metrics when they are named metrics', () => {
    expect(matcher({ names: ['epoch'] }).match('step=3 epoch=0.5 val_loss=0.2')).toEqual(report(3, { epoch: 0.5, val_loss: 0.2 }));
  });
});

describe('own patterns with named groups', () => {
  const own = matcher({ patterns: ['epoch (?<step>\\d+) .*val_loss: (?<val_loss>[-+.\\deE]+)', '^acc=(?<val_acc>\\S+)'] });

  it('turns named groups into metrics and the step group into the step', () => {
    expect(own.match('epoch 3 train_loss: 0.41 val_loss: 0.52 lr=1e-3')).toEqual(report(3, { val_loss: 0.52 }));
    expect(own.match('acc=0.91,')).toEqual(report(null, { val_acc: 0.91 }));
    expect(own.match('acc=nan')).toEqual(report(null, {}, ['val_acc']));
    expect(own.match('acc=high')).toBeNull();
    expect(own.match('epoch 3 training...')).toBeNull();
    expect(own.match('val_loss: 0.52')).toBeNull();
  });

  it('combines patterns on one line, the later winning a name both capture', () => {
    const combined = matcher({ patterns: ['\\[(?<step>\\d+)\\]', 'loss (?<val_loss>\\S+)', 'val_loss (?<val_loss>\\S+)'] });
    expect(combined.match('[12] loss 0.9 val_loss 0.5')).toEqual(report(12, { val_loss: 0.5 }));
    expect(combined.match('[12] nothing here')).toBeNull();
  });

  it('uses the group named by step, ignores groups that did not take part and a non-integer step', () => {
    const named = matcher({ step: 'it', patterns: ['it (?<it>\\S+): (?:loss (?<loss>\\S+)|acc (?<val_loss>\\S+))'] });
    expect(named.match('it 40: loss 0.3')).toEqual(report(40, { loss: 0.3 }));
    expect(named.match('it 4.5: acc 0.7')).toEqual(report(null, { val_loss: 0.7 }));
  });

  it('sees the visible part of a line without colour codes, like the default patterns', () => {
    expect(own.match('epoch 1 val_loss: 9\racc=\x1b[32m0.75\x1b[0m')).toEqual(report(null, { val_acc: 0.75 }));
  });
});

describe('matcher boundaries', () => {
  it('is inactive for patterns: none', () => {
    const none = matcher({ patterns: 'none' });
    expect(none.active).toBe(false);
    expect(none.match('val_loss: 0.5')).toBeNull();
    expect(matcher({}).active).toBe(true);
  });

  it('skips a visible part longer than the cap without running patterns, but reads a short last redraw of a long line', () => {
    const m = matcher({});
    expect(m.match(`val_loss: 0.5 ${'x'.repeat(MAX_MATCHED_LINE_LENGTH)}`)).toBeNull();
    expect(m.match(`val_loss: 0.4 ${'y'.repeat(1_000_000)}`)).toBeNull();
    const redraws = Array.from({ length: 2000 }, (_, i) => `Epoch 1: ${i}/2000 [val_loss=${(i / 1000).toFixed(3)}]`).join('\r');
    expect(redraws.length).toBeGreaterThan(MAX_MATCHED_LINE_LENGTH * 10);
    expect(m.match(redraws)).toEqual(report(1, { val_loss: 1.999 }));
    const catastrophic = matcher({ patterns: ['^(a+)+(?<val_loss>\\d)$'] });
    expect(catastrophic.match(`${'a'.repeat(MAX_MATCHED_LINE_LENGTH + 1)}!`)).toBeNull();
  });

  it('parses captured numbers strictly', () => {
    expect(parseMetricNumber('0.41,')).toBe(0.41);
    expect(parseMetricNumber('"0.5"')).toBe(0.5);
    expect(parseMetricNumber('(3)')).toBe(3);
    expect(parseMetricNumber(' -Infinity ')).toBe(-Infinity);
    expect(parseMetricNumber('+inf')).toBe(Infinity);
    expect(parseMetricNumber('NaN')).toBeNaN();
    expect(parseMetricNumber('nanx')).toBeNull();
    expect(parseMetricNumber('1,000')).toBeNull();
    expect(parseMetricNumber('0x10')).toBeNull();
    expect(parseMetricNumber('')).toBeNull();
    expect(parseMetricNumber('.')).toBeNull();
    expect(parseMetricNumber('-')).toBeNull();
    expect(parseMetricNumber('1e5')).toBe(100000);
  });

  it('reads 100k lines of mixed output correctly', () => {
    const m = matcher({ names: ['train_loss', 'lr'] });
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i += 1) {
      switch (i % 4) {
        case 0:
          lines.push(`epoch ${i} train_loss=${(i % 97) / 100} val_loss: ${(i % 89) / 100} lr=1e-3`);
          break;
        case 1:
          lines.push(`Epoch ${i}:  40%|████      | 20/50 [00:00<00:00, 41.2it/s, v_num=3, train_loss=0.693]`);
          break;
        case 2:
          lines.push(`INFO some log output ${i} with a number 0.5 and words`);
          break;
        default:
          lines.push(`val_loss: nan (step ${i})`);
      }
    }
    let reports = 0;
    let stepSum = 0;
    let valLossSum = 0;
    let nonFinite = 0;
    for (const line of lines) {
      const found = m.match(line);
      if (found === null) continue;
      reports += 1;
      stepSum += found.step ?? 0;
      valLossSum += found.metrics.val_loss ?? 0;
      nonFinite += found.nonFinite.length;
    }
    let expectedStepSum = 0;
    let expectedValLossSum = 0;
    for (let i = 0; i < 100_000; i += 1) {
      if (i % 4 === 0) expectedValLossSum += (i % 89) / 100;
      if (i % 4 <= 1) expectedStepSum += i;
    }
    expect(reports).toBe(75_000);
    expect(stepSum).toBe(expectedStepSum);
    expect(valLossSum).toBeCloseTo(expectedValLossSum, 6);
    expect(nonFinite).toBe(25_000);
  });
});
