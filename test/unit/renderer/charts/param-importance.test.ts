import { describe, expect, it } from 'vitest';
import { paramAxes, type ScoredTrial } from '../../../../renderer/charts/analysis-data';
import { LIGHT_CHART_THEME } from '../../../../renderer/charts/chart-theme';
import { epsilonSquared, numericBins, parameterImportance, ranks } from '../../../../renderer/charts/param-importance';
import { buildParamImportance } from '../../../../renderer/charts/param-importance-figure';

/** A deterministic pseudo-random sequence, so the test data is fixed but unpatterned. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const axes = paramAxes({
  lr: { type: 'float', low: 1e-4, high: 1, log: true },
  noise: { type: 'float', low: 0, high: 1, log: false },
  optimizer: { type: 'categorical', choices: ['sgd', 'adam'] },
});

function trials(count: number, result: (lr: number, noise: number, optimizer: string) => number): ScoredTrial[] {
  const next = sequence(42);
  return Array.from({ length: count }, (_, index) => {
    const lr = 10 ** (-4 + 4 * next());
    const noise = next();
    const optimizer = next() < 0.5 ? 'sgd' : 'adam';
    return { id: index + 1, number: index + 1, value: result(lr, noise, optimizer), params: { lr, noise, optimizer } };
  });
}

describe('parameter importance', () => {
  it('ranks ties by their mean rank', () => {
    expect(ranks([10, 30, 20, 30])).toEqual([1, 3.5, 2, 3.5]);
  });

  it('bins numeric values into equal-count bins and never splits equal values', () => {
    expect(numericBins([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    const bins = numericBins([1, 1, 1, 1, 2, 3], 3);
    expect(new Set(bins.slice(0, 4)).size).toBe(1);
  });

  it('is 1 when the bins decide the values alone and about 0 when they do not matter', () => {
    expect(epsilonSquared([1, 1, 5, 5], [0, 0, 1, 1])).toBe(1);
    expect(epsilonSquared([1, 5, 1, 5], [0, 0, 1, 1])).toBe(0);
    expect(epsilonSquared([3, 3, 3], [0, 1, 2])).toBe(0);
  });

  it('finds the parameter that drives the result, whatever its scale', () => {
    const byLr = parameterImportance(trials(200, (lr) => (Math.log10(lr) + 2) ** 2), axes);
    const importance = Object.fromEntries(byLr.map((entry) => [entry.name, entry.importance ?? -1]));
    expect(importance.lr).toBeGreaterThan(0.5);
    expect(importance.noise).toBeLessThan(0.1);
    expect(importance.optimizer).toBeLessThan(0.1);

    const byOptimizer = parameterImportance(trials(200, (_lr, noise, optimizer) => (optimizer === 'adam' ? 0 : 1) + 0.1 * noise), axes);
    const optimizer = byOptimizer.find((entry) => entry.name === 'optimizer')?.importance ?? 0;
    expect(optimizer).toBeGreaterThan(0.5);
  });

  it('is unaffected by one diverged trial, because it works on ranks', () => {
    const clean = trials(100, (lr) => Math.log10(lr));
    const diverged = clean.map((trial, index) => (index === 0 ? { ...trial, value: 1e12 } : trial));
    const lrOf = (list: ScoredTrial[]) => parameterImportance(list, axes).find((entry) => entry.name === 'lr')?.importance ?? 0;
    expect(Math.abs(lrOf(clean) - lrOf(diverged))).toBeLessThan(0.05);
  });

  it('gives no estimate from too few trials, counting only trials where the parameter was active', () => {
    const few = trials(3, () => 1);
    expect(parameterImportance(few, axes).every((entry) => entry.importance === null && entry.trials === 3)).toBe(true);
    const inactive = trials(10, () => 1).map((trial) => ({ ...trial, params: { lr: trial.params.lr!, noise: trial.params.noise! } }));
    expect(parameterImportance(inactive, axes).find((entry) => entry.name === 'optimizer')).toEqual({ name: 'optimizer', importance: null, trials: 0 });
  });

  it('draws the most important parameter on top and leaves unestimated ones out', () => {
    const { data } = buildParamImportance({
      importances: [
        { name: 'a', importance: 0.2, trials: 10 },
        { name: 'b', importance: 0.7, trials: 10 },
        { name: 'c', importance: null, trials: 2 },
      ],
      theme: LIGHT_CHART_THEME,
      revision: 'r',
    });
    const bars = data[0] as { y: string[]; x: number[] };
    expect(bars.y).toEqual(['a', 'b']);
    expect(bars.x).toEqual([0.2, 0.7]);
  });
});
