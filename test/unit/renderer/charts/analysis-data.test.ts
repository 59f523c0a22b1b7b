import { describe, expect, it } from 'vitest';
import { axisExtent, axisPosition, bestSoFar, paramAxes, scoredTrials } from '../../../../renderer/charts/analysis-data';
import { trial } from '../fixtures';

describe('analysis data', () => {
  it('keeps only completed trials with a finite final result, in trial-number order', () => {
    const scored = scoredTrials([
      trial({ id: 3, number: 3, state: 'completed', value: 0.3 }),
      trial({ id: 1, number: 1, state: 'completed', value: 0.5 }),
      trial({ id: 2, number: 2, state: 'failed', value: 0.1 }),
      trial({ id: 4, number: 4, state: 'completed', value: Number.NaN }),
      trial({ id: 5, number: 5, state: 'running', value: 0.2 }),
      trial({ id: 6, number: 6, state: 'completed', value: null }),
      // Stopped early by a policy: its value is from a step short of the end.
      trial({ id: 7, number: 7, state: 'completed', value: 0.05, stoppedEarly: true }),
    ]);
    expect(scored.map((entry) => entry.number)).toEqual([1, 3]);
  });

  it('gives log parameters a log axis, choices and booleans a category axis, and leaves fixed ones out', () => {
    const axes = paramAxes({
      lr: { type: 'float', low: 1e-4, high: 1e-1, log: true },
      layers: { type: 'int', low: 1, high: 4, log: false },
      optimizer: { type: 'categorical', choices: ['sgd', 'adam'] },
      nesterov: { type: 'bool' },
      seed: { type: 'fixed', value: 3 },
    });
    expect(axes).toEqual([
      { name: 'lr', scale: 'log', low: 1e-4, high: 1e-1 },
      { name: 'layers', scale: 'linear', low: 1, high: 4 },
      { name: 'optimizer', scale: 'category', categories: ['sgd', 'adam'] },
      { name: 'nesterov', scale: 'category', categories: ['false', 'true'] },
    ]);
  });

  it('places values on their axis: log10 on log axes, the index of a choice, null when inactive', () => {
    const [lr, , optimizer] = paramAxes({
      lr: { type: 'float', low: 1e-4, high: 1e-1, log: true },
      layers: { type: 'int', low: 1, high: 4, log: false },
      optimizer: { type: 'categorical', choices: ['sgd', 'adam'] },
    });
    expect(axisPosition(lr!, 0.01)).toBeCloseTo(-2);
    expect(axisExtent(lr!)[0]).toBeCloseTo(-4);
    expect(axisPosition(optimizer!, 'adam')).toBe(1);
    expect(axisPosition(optimizer!, undefined)).toBeNull();
    expect(axisPosition(optimizer!, 'rmsprop')).toBeNull();
  });

  it('tracks the best so far in the objective direction', () => {
    expect(bestSoFar([3, 1, 2, 0.5], 'min')).toEqual([3, 1, 1, 0.5]);
    expect(bestSoFar([3, 1, 4, 2], 'max')).toEqual([3, 3, 4, 4]);
  });
});
