import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { refineExperiment } from '../../../../main/api/refine-experiment';
import { experiment as experimentFixture, trial } from '../exports/fixtures';

const base = experimentFixture();
const experiment = experimentFixture({ spec: { ...base.spec, command: ['python3', 'train.py', '--x={x}'], space: { x: { type: 'float', low: 0, high: 1, log: false } } } });

describe('refine', () => {
  it('narrows around the trials that ran to the end, not around better-looking values of trials stopped early', () => {
    const trials = [
      // Ran to the end: the best ones near x = 0.6.
      ...[0.55, 0.6, 0.65, 0.9].map((x, i) => trial(i + 1, { x }, { value: 0.3 + Math.abs(x - 0.6) })),
      // Stopped early near x = 0.1 with values from step 2, lower only because the objective there is another step's.
      ...[0.05, 0.1, 0.15].map((x, i) => trial(i + 5, { x }, { value: 0.01, lastStep: 2, stoppedEarly: true })),
    ];
    const refined = refineExperiment(experiment, trials, 3);
    if (!refined.ok) throw new Error(refined.error.message);
    const { x } = (parseYaml(refined.value.yaml) as { space: { x: { low: number; high: number } } }).space;
    expect(x.low).toBeGreaterThan(0.3);
    expect(x.high).toBeGreaterThan(0.6);
  });

  it('has nothing to refine around while every completed trial was stopped early', () => {
    const trials = [trial(1, { x: 0.1 }, { value: 0.2, stoppedEarly: true })];
    expect(refineExperiment(experiment, trials)).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
