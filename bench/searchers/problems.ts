import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lcbenchProblems } from './lcbench';
import { DIGITS_SPACE } from '../recorded-spaces';
import { paramToUnit } from '../../main/searchers/sample-param';
import { searchSpaceSchema, type ParamValues, type SearchSpace } from '../../shared/search-space';

/** A minimisation problem with a known optimum, so regret is value - optimum. */
export interface Problem {
  readonly name: string;
  readonly space: SearchSpace;
  readonly optimum: number;
  /** Synchronous for the formulas, asynchronous for the LCBench surrogate. */
  evaluate(params: ParamValues): number | Promise<number>;
}

const num = (params: ParamValues, name: string) => params[name] as number;

const branin: Problem = {
  name: 'Branin (2-D)',
  space: searchSpaceSchema.parse({ x1: { type: 'float', low: -5, high: 10 }, x2: { type: 'float', low: 0, high: 15 } }),
  optimum: 0.397887,
  evaluate(p) {
    const x1 = num(p, 'x1');
    const x2 = num(p, 'x2');
    return (x2 - (5.1 / (4 * Math.PI ** 2)) * x1 * x1 + (5 / Math.PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
  },
};

const HARTMANN_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HARTMANN_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
];
const HARTMANN_ALPHA = [1, 1.2, 3, 3.2];

const hartmann6: Problem = {
  name: 'Hartmann (6-D)',
  space: searchSpaceSchema.parse(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`x${i}`, { type: 'float', low: 0, high: 1 }]))),
  optimum: -3.32237,
  evaluate(p) {
    let total = 0;
    for (let i = 0; i < 4; i++) {
      let inner = 0;
      for (let j = 0; j < 6; j++) inner += HARTMANN_A[i]![j]! * (num(p, `x${j}`) - HARTMANN_P[i]![j]! * 1e-4) ** 2;
      total -= HARTMANN_ALPHA[i]! * Math.exp(-inner);
    }
    return total;
  },
};

const levy8: Problem = {
  name: 'Levy (8-D)',
  space: searchSpaceSchema.parse(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`x${i}`, { type: 'float', low: -10, high: 10 }]))),
  optimum: 0,
  evaluate(p) {
    const w = Array.from({ length: 8 }, (_, i) => 1 + (num(p, `x${i}`) - 1) / 4);
    let total = Math.sin(Math.PI * w[0]!) ** 2;
    for (let i = 0; i < 7; i++) total += (w[i]! - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w[i]! + 1) ** 2);
    total += (w[7]! - 1) ** 2 * (1 + Math.sin(2 * Math.PI * w[7]!) ** 2);
    return total;
  },
};

/** Integer, categorical and conditional parameters with a known optimum of 0. */
const mixed: Problem = {
  name: 'Mixed (int, categorical, conditional)',
  space: searchSpaceSchema.parse({
    kind: { type: 'categorical', choices: ['a', 'b', 'c'] },
    x: { type: 'float', low: -5, high: 5 },
    n: { type: 'int', low: 1, high: 20 },
    lr: { type: 'float', low: 1e-5, high: 1, log: true },
    y: { type: 'float', low: -5, high: 5, when: { kind: 'a' } },
    m: { type: 'int', low: 1, high: 8, when: { kind: ['b', 'c'] } },
  }),
  optimum: 0,
  evaluate(p) {
    const base = (num(p, 'x') - 1) ** 2 + 0.1 * (num(p, 'n') - 13) ** 2 + (Math.log10(num(p, 'lr')) + 3) ** 2;
    switch (p.kind) {
      case 'a':
        return base + (num(p, 'y') - 2) ** 2;
      case 'b':
        return base + 0.5 + 0.2 * (num(p, 'm') - 4) ** 2;
      default:
        return base + 1 + 0.2 * (num(p, 'm') - 2) ** 2;
    }
  },
};

interface RecordedRun {
  config: Record<string, number | string>;
  val_acc: number[];
}

/**
 * The recorded digits MLP curves (../shared/data): a searcher may only pick among the 1000
 * recorded configurations, the nearest one in the normalised space; the objective is the final
 * validation error (1 - accuracy).
 */
function digitsTable(dataDir: string): Problem | null {
  const file = path.join(dataDir, 'curves', 'digits-mlp.jsonl');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const runs = text.trim().split('\n').map((line) => JSON.parse(line) as RecordedRun);
  const space = DIGITS_SPACE;
  const names = Object.keys(space);
  const encoded = runs.map((run) => names.map((name) => paramToUnit(space[name]!, run.config[name]!)));
  const errors = runs.map((run) => 1 - run.val_acc.at(-1)!);
  return {
    name: 'Digits MLP table (1000 recorded runs)',
    space,
    optimum: Math.min(...errors),
    evaluate(p) {
      const point = names.map((name) => paramToUnit(space[name]!, p[name]!));
      let best = 0;
      let bestDistance = Infinity;
      encoded.forEach((row, i) => {
        let d = 0;
        for (let k = 0; k < row.length; k++) d += (row[k]! - point[k]!) ** 2;
        if (d < bestDistance) {
          bestDistance = d;
          best = i;
        }
      });
      return errors[best]!;
    },
  };
}

export async function allProblems(dataDir: string): Promise<{ problems: Problem[]; skipped: string[] }> {
  const table = digitsTable(dataDir);
  const lcbench = await lcbenchProblems(dataDir);
  return {
    problems: [branin, hartmann6, levy8, mixed, ...(table ? [table] : []), ...lcbench.problems],
    skipped: [...(table ? [] : ['digits table skipped: ../shared/data/curves/digits-mlp.jsonl not found']), ...(lcbench.skipped ? [lcbench.skipped] : [])],
  };
}
