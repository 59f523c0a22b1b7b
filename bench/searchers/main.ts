import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SEARCHERS } from '../../main/searchers/registry';
import type { TrialView } from '../../main/searchers/searcher';
import type { SearchAlgorithm } from '../../shared/experiment-file';
import { OPTUNA_PYTHON, OPTUNA_SAMPLERS, OptunaDriver, type OptunaSampler } from './optuna';
import { allProblems, type Problem } from './problems';

/**
 * `npm run bench:searchers`: each Tundra searcher and, in the same run, Optuna's samplers (Debian's
 * python3-optuna) on the same problems and seeds. Prints median simple regret at 10/25/50/100
 * trials, the ratio of Tundra's default to Optuna's TPE, and suggest latency; writes
 * docs/benchmarks.md. BENCH_SEEDS and BENCH_TRIALS shrink it for a quick look.
 */

const root = path.resolve(__dirname, '..', '..');
const dataDir = process.env.TUNDRA_BENCH_DATA ?? path.resolve(root, '..', 'shared', 'data');
const SEEDS = Number(process.env.BENCH_SEEDS ?? 20);
const TRIALS = Number(process.env.BENCH_TRIALS ?? 100);
const CHECKPOINTS = [10, 25, 50, 100].filter((n) => n <= TRIALS);
const TUNDRA: readonly SearchAlgorithm[] = ['random', 'sobol', 'tpe', 'gp', 'auto'];
/** The searcher an experiment gets when it names none. */
const TUNDRA_DEFAULT: SearchAlgorithm = 'auto';
const BEST_TUNDRA: SearchAlgorithm = 'auto';

function runTundra(problem: Problem, algorithm: SearchAlgorithm, seed: number): number[] {
  const searcher = SEARCHERS[algorithm]({ algorithm, seed });
  const history: TrialView[] = [];
  for (let number = 1; number <= TRIALS; number++) {
    const params = searcher.suggest({ space: problem.space, objective: 'min', history, trialNumber: number });
    if (params === null) break;
    history.push({ number, params, state: 'completed', value: problem.evaluate(params) });
  }
  return history.map((t) => t.value!);
}

function regretCurve(problem: Problem, values: readonly number[]): number[] {
  let best = Infinity;
  return values.map((value) => (best = Math.min(best, value)) - problem.optimum);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function suggestLatencyMs(problem: Problem, algorithm: SearchAlgorithm, completed: number): number {
  const filler = SEARCHERS.random({ algorithm: 'random', seed: 99 });
  const history: TrialView[] = [];
  for (let number = 1; number <= completed; number++) {
    const params = filler.suggest({ space: problem.space, objective: 'min', history, trialNumber: number })!;
    history.push({ number, params, state: 'completed', value: problem.evaluate(params) });
  }
  const searcher = SEARCHERS[algorithm]({ algorithm, seed: 1 });
  const repeats = 10;
  const started = performance.now();
  for (let i = 0; i < repeats; i++) searcher.suggest({ space: problem.space, objective: 'min', history, trialNumber: completed + 1 + i });
  return (performance.now() - started) / repeats;
}

const format = (value: number) => (value === 0 ? '0' : Math.abs(value) < 1e-3 || Math.abs(value) >= 1e4 ? value.toExponential(2) : value.toPrecision(3));

async function main(): Promise<void> {
  const problems = allProblems(dataDir);
  const optunaOk = spawnSync(OPTUNA_PYTHON, ['-c', 'import optuna'], { stdio: 'ignore' }).status === 0;
  if (!optunaOk) console.warn(`(Optuna not importable with ${OPTUNA_PYTHON}: apt-get install python3-optuna; comparing Tundra searchers only)`);
  const samplers: (SearchAlgorithm | OptunaSampler)[] = [...TUNDRA, ...(optunaOk ? OPTUNA_SAMPLERS : [])];
  const lines: string[] = [
    '# Searcher benchmark',
    '',
    `Median simple regret (best value so far minus the known optimum; lower is better) over ${SEEDS} seeds, from \`npm run bench:searchers\`.`,
    `Optuna ${optunaOk ? spawnSync(OPTUNA_PYTHON, ['-c', 'import optuna; print(optuna.__version__)'], { encoding: 'utf8' }).stdout.trim() : '(not installed)'} ran in the same run on the same problems and seeds.`,
    `Tundra's default searcher today is \`${TUNDRA_DEFAULT}\`; the ratio column compares Tundra's \`${BEST_TUNDRA}\` with Optuna's TPE at 50 trials (< 1: Tundra better).`,
    '',
  ];
  const drivers = optunaOk ? OPTUNA_SAMPLERS.map(() => new OptunaDriver(__dirname)) : [];
  for (const problem of problems) {
    const started = performance.now();
    const medians = new Map<string, number[]>();
    for (const sampler of samplers) {
      const curves: number[][] = [];
      if ((TUNDRA as readonly string[]).includes(sampler)) {
        for (let seed = 0; seed < SEEDS; seed++) curves.push(regretCurve(problem, runTundra(problem, sampler as SearchAlgorithm, seed)));
      } else {
        const driver = drivers[OPTUNA_SAMPLERS.indexOf(sampler as OptunaSampler)]!;
        for (let seed = 0; seed < SEEDS; seed++) curves.push(regretCurve(problem, await driver.run(problem, sampler as OptunaSampler, seed, TRIALS)));
      }
      medians.set(sampler, CHECKPOINTS.map((n) => median(curves.map((curve) => curve[Math.min(n, curve.length) - 1]!))));
    }
    const at50 = CHECKPOINTS.indexOf(50);
    const ratio = (sampler: string) => {
      const optuna = medians.get('optuna-tpe')?.[at50];
      const ours = medians.get(sampler)?.[at50];
      return optuna === undefined || ours === undefined || at50 < 0 ? '-' : optuna === 0 ? (ours === 0 ? '1' : 'inf') : (ours / optuna).toFixed(2);
    };
    lines.push(`## ${problem.name}`, '', `| searcher | ${CHECKPOINTS.map((n) => `${n} trials`).join(' | ')} | vs Optuna TPE at 50 |`, `| --- | ${CHECKPOINTS.map(() => '---').join(' | ')} | --- |`);
    for (const sampler of samplers) lines.push(`| ${sampler} | ${medians.get(sampler)!.map(format).join(' | ')} | ${ratio(sampler)} |`);
    lines.push('');
    console.log(`${problem.name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    console.log(lines.slice(-samplers.length - 3).join('\n'));
  }
  for (const driver of drivers) driver.close();

  const latency = ['## Suggest latency', '', '| searcher | 100 completed trials | 1000 completed trials |', '| --- | --- | --- |'];
  const probe = problems.find((p) => p.name.startsWith('Hartmann'))!;
  for (const algorithm of TUNDRA) {
    latency.push(`| ${algorithm} | ${suggestLatencyMs(probe, algorithm, 100).toFixed(2)} ms | ${suggestLatencyMs(probe, algorithm, 1000).toFixed(2)} ms |`);
  }
  latency.push('', `On ${probe.name}, this machine: mean of 10 suggestions after N completed random trials.`, '');
  lines.push(...latency);
  console.log(latency.join('\n'));
  mkdirSync(path.join(root, 'docs'), { recursive: true });
  writeFileSync(path.join(root, 'docs', 'benchmarks.md'), `${lines.join('\n')}\n`);
  console.log('wrote docs/benchmarks.md');
}

void main();
