import { describe, expect, it } from 'vitest';
import { SEARCHERS } from '../../main/searchers/registry';
import type { SuggestContext, TrialView } from '../../main/searchers/searcher';
import { SEARCH_ALGORITHMS, type SearchAlgorithm } from '../../shared/experiment-file';
import { isActive, searchSpaceSchema, type ParamValues, type SearchSpace } from '../../shared/search-space';

/** One suite for every registered searcher: the promises the scheduler relies on. */

const mixed: SearchSpace = searchSpaceSchema.parse({
  optimizer: { type: 'categorical', choices: ['sgd', 'adam'] },
  momentum: { type: 'float', low: 0.9, high: 0.999, reverse_log: true, when: { optimizer: 'sgd' } },
  lr: { type: 'float', low: 1e-4, high: 1, log: true },
  layers: { type: 'int', low: 1, high: 3 },
  width3: { type: 'int', low: 16, high: 256, log: true, step: 16, when: { layers: 3 } },
  dropout: { type: 'float', low: 0, high: 0.5, step: 0.1 },
  batchnorm: { type: 'bool' },
  epochs: { type: 'fixed', value: 10 },
});

function inSpace(space: SearchSpace, params: ParamValues): string | null {
  for (const [name, param] of Object.entries(space)) {
    const value = params[name];
    const active = isActive(param, params);
    if (!active) {
      if (value !== undefined) return `${name} is present but inactive`;
      continue;
    }
    if (value === undefined) return `${name} is active but absent`;
    switch (param.type) {
      case 'float':
      case 'int': {
        if (typeof value !== 'number' || value < param.low || value > param.high) return `${name}=${String(value)} outside the range`;
        if (param.type === 'int' && !Number.isInteger(value)) return `${name}=${value} is not whole`;
        if (param.step !== undefined) {
          const k = (value - param.low) / param.step;
          if (Math.abs(k - Math.round(k)) > 1e-6) return `${name}=${value} is off the step`;
        }
        break;
      }
      case 'categorical':
        if (!param.choices.includes(value)) return `${name}=${String(value)} is not a choice`;
        break;
      case 'bool':
        if (typeof value !== 'boolean') return `${name} is not a boolean`;
        break;
      case 'fixed':
        if (value !== param.value) return `${name} is not its fixed value`;
        break;
    }
  }
  for (const name of Object.keys(params)) if (!(name in space)) return `${name} is not a parameter`;
  return null;
}

/** A made-up objective, so history-driven searchers have something to learn from. */
function objective(params: ParamValues): number {
  return Math.abs(Math.log10(params.lr as number) + 2) + (params.dropout as number) + (params.optimizer === 'sgd' ? 0.1 : 0);
}

function run(algorithm: SearchAlgorithm, seed: number, trials: number, space = mixed): ParamValues[] {
  const searcher = SEARCHERS[algorithm]({ algorithm, seed });
  const history: TrialView[] = [];
  const suggestions: ParamValues[] = [];
  for (let number = 1; number <= trials; number++) {
    const context: SuggestContext = { space, objective: 'min', history, trialNumber: number };
    const params = searcher.suggest(context);
    if (params === null) break;
    suggestions.push(params);
    history.push({ number, params, state: 'completed', value: objective(params) });
  }
  return suggestions;
}

describe.each(SEARCH_ALGORITHMS.map((algorithm) => [algorithm]))('searcher contract: %s', (algorithm) => {
  // A GP fit per suggestion is the point of gp; fewer trials keep the suite quick.
  const many = algorithm === 'gp' ? 40 : 120;
  it('is deterministic under a seed', () => {
    expect(run(algorithm, 5, 30)).toEqual(run(algorithm, 5, 30));
  });

  it('suggests only values inside the space, on their scale and step, respecting conditions', { timeout: 60_000 }, () => {
    for (const params of run(algorithm, 9, many)) expect(inSpace(mixed, params)).toBeNull();
  });

  it('resumes exactly: a fresh instance given the stored history suggests what the old one would have', () => {
    const complete = run(algorithm, 3, 16);
    const history: TrialView[] = complete.slice(0, 15).map((params, i) => ({ number: i + 1, params, state: 'completed', value: objective(params) }));
    const fresh = SEARCHERS[algorithm]({ algorithm, seed: 3 });
    expect(fresh.suggest({ space: mixed, objective: 'min', history, trialNumber: 16 })).toEqual(complete[15]);
  });

  it('covers every branch of a conditional space', { timeout: 60_000 }, () => {
    const shapes = new Set(run(algorithm, 2, many).map((params) => `${String('momentum' in params)}/${String('width3' in params)}`));
    expect(shapes).toEqual(new Set(['true/true', 'true/false', 'false/true', 'false/false']));
  });
});

describe('finite searchers', () => {
  it('the grid is exhausted after its last configuration, having tried each once', () => {
    const small = searchSpaceSchema.parse({
      a: { type: 'categorical', choices: ['x', 'y'] },
      b: { type: 'int', low: 1, high: 3, values: [1, 3] },
      c: { type: 'float', low: 0, high: 1, when: { a: 'x' } },
    });
    const searcher = SEARCHERS.grid({ algorithm: 'grid', seed: 1, grid_points: 3 });
    const seen: string[] = [];
    for (let number = 1; ; number++) {
      const params = searcher.suggest({ space: small, objective: 'min', history: [], trialNumber: number });
      if (params === null) break;
      seen.push(JSON.stringify(params));
    }
    // a=x: 2 values of b × 3 of c; a=y: 2 values of b (c inactive does not multiply).
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
  });
});
