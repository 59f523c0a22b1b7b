import { describe, expect, it } from 'vitest';
import { autoChoice } from '../../../../main/searchers/auto';
import { gpStartupTrials, localCandidates, trainingSubset } from '../../../../main/searchers/gp-searcher';
import { createRng } from '../../../../main/searchers/rng';
import { SEARCHERS } from '../../../../main/searchers/registry';
import type { TrialView } from '../../../../main/searchers/searcher';
import { searchSpaceSchema, type ParamValues } from '../../../../shared/search-space';

const braninSpace = searchSpaceSchema.parse({ x1: { type: 'float', low: -5, high: 10 }, x2: { type: 'float', low: 0, high: 15 } });

function branin(p: ParamValues): number {
  const x1 = p.x1 as number;
  const x2 = p.x2 as number;
  return (x2 - (5.1 / (4 * Math.PI ** 2)) * x1 * x1 + (5 / Math.PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
}

describe('GP Bayesian optimisation searcher', () => {
  it('finds the optimum of Branin within a small regret in 40 trials', { timeout: 60_000 }, () => {
    const gp = SEARCHERS.gp({ algorithm: 'gp', seed: 3 });
    const history: TrialView[] = [];
    for (let number = 1; number <= 40; number++) {
      const params = gp.suggest({ space: braninSpace, objective: 'min', history, trialNumber: number })!;
      history.push({ number, params, state: 'completed', value: branin(params) });
    }
    expect(Math.min(...history.map((t) => t.value!)) - 0.397887).toBeLessThan(0.05);
  });

  it('maximises as well as minimises', { timeout: 60_000 }, () => {
    const gp = SEARCHERS.gp({ algorithm: 'gp', seed: 5 });
    const history: TrialView[] = [];
    for (let number = 1; number <= 25; number++) {
      const params = gp.suggest({ space: braninSpace, objective: 'max', history, trialNumber: number })!;
      history.push({ number, params, state: 'completed', value: -branin(params) });
    }
    expect(Math.max(...history.map((t) => t.value!))).toBeGreaterThan(-1.5);
  });

  it('does not suggest the same point again while an identical trial is still running', { timeout: 60_000 }, () => {
    const gp = SEARCHERS.gp({ algorithm: 'gp', seed: 1 });
    const history: TrialView[] = [];
    for (let number = 1; number <= 15; number++) {
      const params = gp.suggest({ space: braninSpace, objective: 'min', history, trialNumber: number })!;
      history.push({ number, params, state: 'completed', value: branin(params) });
    }
    const first = gp.suggest({ space: braninSpace, objective: 'min', history, trialNumber: 16 })!;
    const second = gp.suggest({
      space: braninSpace,
      objective: 'min',
      history: [...history, { number: 16, params: first, state: 'running', value: null }],
      trialNumber: 17,
    })!;
    const distance = Math.hypot(((second.x1 as number) - (first.x1 as number)) / 15, ((second.x2 as number) - (first.x2 as number)) / 15);
    expect(distance).toBeGreaterThan(0.01);
  });
});

describe('auto', () => {
  it('starts with Sobol, uses the GP while cheap, and hands over to TPE for many results or parameters', () => {
    expect(gpStartupTrials(braninSpace)).toBe(5);
    expect(autoChoice(braninSpace, 0)).toBe('sobol');
    expect(autoChoice(braninSpace, 4)).toBe('sobol');
    expect(autoChoice(braninSpace, 5)).toBe('gp');
    expect(autoChoice(braninSpace, 149)).toBe('gp');
    expect(autoChoice(braninSpace, 150)).toBe('tpe');
    const wide = searchSpaceSchema.parse(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`p${i}`, { type: 'float', low: 0, high: 1 }])));
    expect(autoChoice(wide, 50)).toBe('tpe');
  });
});

describe('GP training subset', () => {
  it('keeps the best third and an even spread of the rest, within the limit', () => {
    const data = Array.from({ length: 1000 }, (_, i) => ({ y: (i * 7919) % 1000 }));
    const subset = trainingSubset(data, 150);
    expect(subset).toHaveLength(150);
    expect(subset.slice(0, 50).map((d) => d.y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Math.max(...subset.map((d) => d.y))).toBeGreaterThan(900);
    expect(trainingSubset(data.slice(0, 10), 150)).toHaveLength(10);
  });
});

describe('local candidates around the incumbents', () => {
  const incumbents = [
    [0.1, 0.9, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
    [0.8, 0.2, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
  ];

  it('stay inside the cube, close to an incumbent, and are reproducible from the seed', () => {
    const points = localCandidates(incumbents, 400, createRng(3, 7));
    expect(points).toHaveLength(400);
    expect(points.every((point) => point.every((x) => x >= 0 && x <= 1))).toBe(true);
    const distances = points.map((point) => Math.min(...incumbents.map((c) => Math.max(...c.map((v, i) => Math.abs(v - point[i]!))))));
    distances.sort((a, b) => a - b);
    expect(distances[200]!).toBeLessThan(0.3); // local, not spread over the cube
    expect(distances[200]!).toBeGreaterThan(0.01); // but really moved
    const nearFirst = points.filter((p) => Math.abs(p[0]! - 0.1) < 0.25 && Math.abs(p[1]! - 0.9) < 0.25).length;
    expect(nearFirst).toBeGreaterThan(150);
    expect(localCandidates(incumbents, 400, createRng(3, 7))).toEqual(points);
    expect(localCandidates(incumbents, 400, createRng(3, 8))).not.toEqual(points);
  });

  it('are none without incumbents', () => {
    expect(localCandidates([], 10, createRng(1))).toEqual([]);
  });
});
