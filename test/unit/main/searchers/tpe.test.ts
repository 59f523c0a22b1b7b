import { describe, expect, it } from 'vitest';
import { SEARCHERS } from '../../../../main/searchers/registry';
import type { TrialView } from '../../../../main/searchers/searcher';
import { goodCount, TPE_STARTUP_TRIALS } from '../../../../main/searchers/tpe';
import type { SearchAlgorithm } from '../../../../shared/experiment-file';
import { searchSpaceSchema, type ParamValues } from '../../../../shared/search-space';

const braninSpace = searchSpaceSchema.parse({ x1: { type: 'float', low: -5, high: 10 }, x2: { type: 'float', low: 0, high: 15 } });
const BRANIN_MIN = 0.397887;

function branin(p: ParamValues): number {
  const x1 = p.x1 as number;
  const x2 = p.x2 as number;
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
}

function bestAfter(algorithm: SearchAlgorithm, seed: number, trials: number): number {
  const searcher = SEARCHERS[algorithm]({ algorithm, seed });
  const history: TrialView[] = [];
  for (let number = 1; number <= trials; number++) {
    const params = searcher.suggest({ space: braninSpace, objective: 'min', history, trialNumber: number })!;
    history.push({ number, params, state: 'completed', value: branin(params) });
  }
  return Math.min(...history.map((t) => t.value!));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('TPE', () => {
  it('splits off the best tenth, at most 25, as good', () => {
    expect([goodCount(10), goodCount(11), goodCount(100), goodCount(1000)]).toEqual([1, 2, 10, 25]);
  });

  it('searches randomly until it has enough results, then learns', () => {
    const space = braninSpace;
    const tpe = SEARCHERS.tpe({ algorithm: 'tpe', seed: 1 });
    const random = SEARCHERS.random({ algorithm: 'random', seed: 1 });
    const context = { space, objective: 'min' as const, history: [], trialNumber: 3 };
    expect(tpe.suggest(context)).toEqual(random.suggest(context));
    expect(TPE_STARTUP_TRIALS).toBeGreaterThan(0);
  });

  it('reaches a clearly lower regret than random search on Branin in 60 trials (median of 11 seeds)', () => {
    const seeds = Array.from({ length: 11 }, (_, i) => i + 1);
    const tpe = median(seeds.map((seed) => bestAfter('tpe', seed, 60) - BRANIN_MIN));
    const random = median(seeds.map((seed) => bestAfter('random', seed, 60) - BRANIN_MIN));
    expect(tpe).toBeLessThan(random / 2);
  });

  it('pushes suggestions away from trials still running (constant liar)', () => {
    const tpe = SEARCHERS.tpe({ algorithm: 'tpe', seed: 2 });
    const history: TrialView[] = [];
    for (let number = 1; number <= 30; number++) {
      const params = tpe.suggest({ space: braninSpace, objective: 'min', history, trialNumber: number })!;
      history.push({ number, params, state: 'completed', value: branin(params) });
    }
    const first = tpe.suggest({ space: braninSpace, objective: 'min', history, trialNumber: 31 })!;
    const distance = (p: ParamValues) => Math.hypot(((p.x1 as number) - (first.x1 as number)) / 15, ((p.x2 as number) - (first.x2 as number)) / 15);
    const meanDistance = (pending: TrialView[]) => {
      let total = 0;
      for (let number = 32; number < 52; number++) total += distance(tpe.suggest({ space: braninSpace, objective: 'min', history: [...history, ...pending], trialNumber: number })!);
      return total / 20;
    };
    const running: TrialView[] = Array.from({ length: 3 }, (_, i) => ({ number: 31 + i, params: first, state: 'running', value: null }));
    expect(meanDistance(running)).toBeGreaterThan(meanDistance([]) * 1.2);
  });
});
