import { describe, expect, it } from 'vitest';
import { searchSpaceSchema, type SearchSpace } from '../../../../shared/search-space';
import { createRandomSearcher } from '../../../../main/searchers/random';
import { SEARCHERS } from '../../../../main/searchers/registry';
import type { SuggestContext } from '../../../../main/searchers/searcher';

const space: SearchSpace = {
  lr: { type: 'float', low: 1e-4, high: 1, log: true },
  hidden: { type: 'int', low: 8, high: 256, log: true },
  layers: { type: 'int', low: 1, high: 3, log: false },
  dropout: { type: 'float', low: 0, high: 0.5, log: false },
  activation: { type: 'categorical', choices: ['relu', 'tanh', true, 3] },
};

const context = (trialNumber: number): SuggestContext => ({ space, objective: 'min', history: [], trialNumber });

function draws(seed: number, count: number) {
  const searcher = createRandomSearcher({ algorithm: "random", seed: seed });
  return Array.from({ length: count }, (_, i) => searcher.suggest(context(i + 1))!);
}

describe('random searcher', () => {
  it('is deterministic under a seed and differs across seeds', () => {
    expect(draws(7, 20)).toEqual(draws(7, 20));
    expect(draws(7, 20)).not.toEqual(draws(8, 20));
  });

  it('depends only on the trial number, so a restarted app suggests the same next trial', () => {
    const fresh = createRandomSearcher({ algorithm: "random", seed: 3 }).suggest(context(12));
    expect(fresh).toEqual(draws(3, 12)[11]);
  });

  it('keeps every value inside the space, integers whole, and returns keys in the file order', () => {
    for (const params of draws(1, 2000)) {
      expect(Object.keys(params)).toEqual(Object.keys(space));
      expect(params.lr).toBeGreaterThanOrEqual(1e-4);
      expect(params.lr).toBeLessThanOrEqual(1);
      expect(Number.isInteger(params.hidden) && (params.hidden as number) >= 8 && (params.hidden as number) <= 256).toBe(true);
      expect([1, 2, 3]).toContain(params.layers);
      expect(['relu', 'tanh', true, 3]).toContain(params.activation);
    }
  });

  it('samples a log-scaled parameter uniformly in its logarithm', () => {
    const values = draws(11, 4000).map((p) => Math.log10(p.lr as number));
    const belowMiddle = values.filter((v) => v < -2).length / values.length;
    // Half the draws fall below 1e-2 on a log scale; a linear scale would put ~1% there.
    expect(belowMiddle).toBeGreaterThan(0.45);
    expect(belowMiddle).toBeLessThan(0.55);
  });

  it('gives the end points of an integer range their fair share', () => {
    const counts = new Map<unknown, number>();
    for (const p of draws(5, 3000)) counts.set(p.layers, (counts.get(p.layers) ?? 0) + 1);
    for (const layers of [1, 2, 3]) expect(counts.get(layers)! / 3000).toBeCloseTo(1 / 3, 1);
  });

  it('is registered under its file name', () => {
    expect(SEARCHERS.random({ algorithm: "random", seed: 1 }).name).toBe('random');
  });

  it('respects conditions: an inactive parameter is absent, an active one present', () => {
    const conditional = searchSpaceSchema.parse({
      optimizer: { type: 'categorical', choices: ['sgd', 'adam'] },
      momentum: { type: 'float', low: 0.9, high: 0.999, reverse_log: true, when: { optimizer: 'sgd' } },
      layers: { type: 'int', low: 1, high: 3 },
      width3: { type: 'int', low: 8, high: 64, when: { layers: 3 } },
    });
    const searcher = createRandomSearcher({ algorithm: "random", seed: 4 });
    const seen = new Set<string>();
    for (let number = 1; number <= 300; number++) {
      const params = searcher.suggest({ space: conditional, objective: 'min', history: [], trialNumber: number })!;
      expect('momentum' in params).toBe(params.optimizer === 'sgd');
      expect('width3' in params).toBe(params.layers === 3);
      seen.add(Object.keys(params).join(','));
    }
    expect(seen.size).toBe(4);
  });

  it('tries the default configuration first when the space declares defaults', () => {
    const withDefaults = searchSpaceSchema.parse({
      lr: { type: 'float', low: 1e-4, high: 1, log: true, default: 0.01 },
      layers: { type: 'int', low: 1, high: 5 },
      act: { type: 'categorical', choices: ['relu', 'tanh'], default: 'tanh' },
      epochs: { type: 'fixed', value: 7 },
    });
    const searcher = createRandomSearcher({ algorithm: "random", seed: 1 });
    expect(searcher.suggest({ space: withDefaults, objective: 'min', history: [], trialNumber: 1 })).toEqual({ lr: 0.01, layers: 3, act: 'tanh', epochs: 7 });
    expect(searcher.suggest({ space: withDefaults, objective: 'min', history: [], trialNumber: 2 })!.epochs).toBe(7);
  });
});
