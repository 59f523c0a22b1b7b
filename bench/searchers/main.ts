import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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
 * docs/benchmarks.md.
 *
 * Problems run in parallel child processes (one per core; BENCH_JOBS overrides), each with its own
 * Optuna driver. BENCH_SEEDS, BENCH_TRIALS, BENCH_PROBLEMS (name prefixes) and BENCH_SAMPLERS
 * shrink it for a quick look; a run that is shrunk that way says so in the file it writes.
 */

const root = path.resolve(__dirname, '..', '..');
const dataDir = process.env.TUNDRA_BENCH_DATA ?? path.resolve(root, '..', 'shared', 'data');
const SEEDS = Number(process.env.BENCH_SEEDS ?? 20);
const TRIALS = Number(process.env.BENCH_TRIALS ?? 100);
const CHECKPOINTS = [10, 25, 50, 100].filter((n) => n <= TRIALS);
const TUNDRA: readonly SearchAlgorithm[] = ['random', 'sobol', 'tpe', 'gp', 'auto'];
/** The searcher an experiment gets when it names none. */
const TUNDRA_DEFAULT: SearchAlgorithm = 'auto';
const WORKER_FLAG = '--problem';

interface ProblemResult {
  readonly name: string;
  readonly seconds: number;
  /** Median regret at each checkpoint, per sampler. */
  readonly medians: Record<string, number[]>;
}

async function runTundra(problem: Problem, algorithm: SearchAlgorithm, seed: number): Promise<number[]> {
  const searcher = SEARCHERS[algorithm]({ algorithm, seed });
  const history: TrialView[] = [];
  for (let number = 1; number <= TRIALS; number++) {
    const params = searcher.suggest({ space: problem.space, objective: 'min', history, trialNumber: number });
    if (params === null) break;
    history.push({ number, params, state: 'completed', value: await problem.evaluate(params) });
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

const optunaAvailable = () => spawnSync(OPTUNA_PYTHON, ['-c', 'import optuna'], { stdio: 'ignore' }).status === 0;

function chosenSamplers(optunaOk: boolean): string[] {
  const only = process.env.BENCH_SAMPLERS?.split(',').map((s) => s.trim());
  return [...TUNDRA, ...(optunaOk ? OPTUNA_SAMPLERS : [])].filter((s) => !only || only.includes(s));
}

async function runProblem(problem: Problem, samplers: readonly string[]): Promise<ProblemResult> {
  const started = performance.now();
  const driver = samplers.some((s) => (OPTUNA_SAMPLERS as readonly string[]).includes(s)) ? new OptunaDriver(__dirname) : null;
  const medians: Record<string, number[]> = {};
  for (const sampler of samplers) {
    const curves: number[][] = [];
    for (let seed = 0; seed < SEEDS; seed++) {
      const values = (TUNDRA as readonly string[]).includes(sampler)
        ? await runTundra(problem, sampler as SearchAlgorithm, seed)
        : await driver!.run(problem, sampler as OptunaSampler, seed, TRIALS);
      curves.push(regretCurve(problem, values));
    }
    medians[sampler] = CHECKPOINTS.map((n) => median(curves.map((curve) => curve[Math.min(n, curve.length) - 1]!)));
  }
  driver?.close();
  return { name: problem.name, seconds: (performance.now() - started) / 1000, medians };
}

/** Runs one problem in a child process (this same file with WORKER_FLAG); its last line is the result. */
function runInChild(name: string): Promise<ProblemResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, WORKER_FLAG, name], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`benchmark of ${name} exited with ${code}`));
      resolve(JSON.parse(output.trim().split('\n').at(-1)!) as ProblemResult);
    });
  });
}

async function runPool<T, R>(items: readonly T[], jobs: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, lane));
  return results;
}

function suggestLatencyMs(problem: Problem, algorithm: SearchAlgorithm, completed: number): number {
  const filler = SEARCHERS.random({ algorithm: 'random', seed: 99 });
  const history: TrialView[] = [];
  for (let number = 1; number <= completed; number++) {
    const params = filler.suggest({ space: problem.space, objective: 'min', history, trialNumber: number })!;
    history.push({ number, params, state: 'completed', value: problem.evaluate(params) as number });
  }
  const searcher = SEARCHERS[algorithm]({ algorithm, seed: 1 });
  const repeats = 10;
  const started = performance.now();
  for (let i = 0; i < repeats; i++) searcher.suggest({ space: problem.space, objective: 'min', history, trialNumber: completed + 1 + i });
  return (performance.now() - started) / repeats;
}

const format = (value: number) => (value === 0 ? '0' : Math.abs(value) < 1e-3 || Math.abs(value) >= 1e4 ? value.toExponential(2) : value.toPrecision(3));

function problemTable(result: ProblemResult, samplers: readonly string[]): string[] {
  const at50 = CHECKPOINTS.indexOf(50);
  const ratio = (sampler: string) => {
    const optuna = result.medians['optuna-tpe']?.[at50];
    const ours = result.medians[sampler]?.[at50];
    return optuna === undefined || ours === undefined || at50 < 0 ? '-' : optuna === 0 ? (ours === 0 ? '1' : 'inf') : (ours / optuna).toFixed(2);
  };
  return [
    `## ${result.name}`,
    '',
    `| searcher | ${CHECKPOINTS.map((n) => `${n} trials`).join(' | ')} | vs Optuna TPE at 50 |`,
    `| --- | ${CHECKPOINTS.map(() => '---').join(' | ')} | --- |`,
    ...samplers.map((s) => `| ${s === TUNDRA_DEFAULT ? `**${s}** (default)` : s} | ${result.medians[s]!.map(format).join(' | ')} | ${ratio(s)} |`),
    '',
  ];
}

function summary(results: readonly ProblemResult[]): string[] {
  const at50 = CHECKPOINTS.indexOf(50);
  if (at50 < 0 || !results.every((r) => r.medians['optuna-tpe'] && r.medians[TUNDRA_DEFAULT])) return [];
  const ratios = results.map((r) => ({ name: r.name, ratio: r.medians[TUNDRA_DEFAULT]![at50]! / Math.max(r.medians['optuna-tpe']![at50]!, 1e-300) }));
  return [
    '## Summary: Tundra\'s default against Optuna TPE at 50 trials',
    '',
    '| problem | regret ratio (default / Optuna TPE) | target: at most 0.5, never above 1 |',
    '| --- | --- | --- |',
    ...ratios.map((r) => `| ${r.name} | ${r.ratio.toFixed(2)} | ${r.ratio < 0 ? 'met (beat the reference optimum)' : r.ratio <= 0.5 ? 'met' : r.ratio < 1 ? 'better, not half' : r.ratio === 1 ? 'equal, not half' : 'WORSE'} |`),
    '',
    `At most half on ${ratios.filter((r) => r.ratio <= 0.5).length} of ${ratios.length} problems; worse on ${ratios.filter((r) => r.ratio > 1).length}.`,
    '',
  ];
}

async function workerMain(name: string): Promise<void> {
  const { problems } = await allProblems(dataDir);
  const problem = problems.find((p) => p.name === name);
  if (!problem) throw new Error(`no benchmark problem named ${name}`);
  const result = await runProblem(problem, chosenSamplers(optunaAvailable()));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main(): Promise<void> {
  const only = process.env.BENCH_PROBLEMS?.split(',').map((s) => s.trim().toLowerCase());
  const { problems: all, skipped } = await allProblems(dataDir);
  const problems = all.filter((p) => !only || only.some((prefix) => p.name.toLowerCase().startsWith(prefix)));
  for (const line of skipped) console.warn(`(${line})`);
  const optunaOk = optunaAvailable();
  if (!optunaOk) console.warn(`(Optuna not importable with ${OPTUNA_PYTHON}: apt-get install python3-optuna; comparing Tundra searchers only)`);
  const samplers = chosenSamplers(optunaOk);
  const jobs = Number(process.env.BENCH_JOBS ?? availableParallelism());
  const started = performance.now();
  console.log(`${problems.length} problems × ${samplers.length} searchers × ${SEEDS} seeds × ${TRIALS} trials, ${jobs} in parallel`);

  const results = await runPool(problems, jobs, async (problem) => {
    const result = await runInChild(problem.name);
    console.log(`\n${problemTable(result, samplers).join('\n')}(${result.seconds.toFixed(0)} s)`);
    return result;
  });

  const partial = process.env.BENCH_SEEDS || process.env.BENCH_TRIALS || process.env.BENCH_PROBLEMS || process.env.BENCH_SAMPLERS;
  const optunaVersion = optunaOk ? spawnSync(OPTUNA_PYTHON, ['-c', 'import optuna; print(optuna.__version__)'], { encoding: 'utf8' }).stdout.trim() : '(not installed)';
  const lines: string[] = [
    '# Searcher benchmark',
    '',
    `Median simple regret (best value so far minus the known optimum; lower is better) over ${SEEDS} seeds, from \`npm run bench:searchers\`${partial ? ' (a shrunk run: see the BENCH_* variables)' : ''}.`,
    `Optuna ${optunaVersion} ran in the same run on the same problems and seeds. Tundra's default searcher is \`${TUNDRA_DEFAULT}\` (in bold);`,
    'the last column divides a searcher\'s median regret at 50 trials by Optuna TPE\'s (below 1: better than Optuna).',
    'The LCBench rows are normalised regret of validation error at epoch 52 through YAHPO Gym\'s surrogate; the digits table',
    'is the final validation error of the nearest of 1000 recorded runs. Both come from ../shared/data (see its README).',
    'LCBench has no known optimum: the reference is the better of the best recorded run and the best of 20,000 Sobol points through',
    'the surrogate, so a search that finds better than that shows a regret below 0 (and a negative ratio).',
    ...skipped.map((line) => `Not in this run: ${line}.`),
    '',
    ...summary(results),
    ...results.flatMap((r) => problemTable(r, samplers)),
  ];

  const latency = ['## Suggest latency', '', '| searcher | 100 completed trials | 1000 completed trials |', '| --- | --- | --- |'];
  const probe = all.find((p) => p.name.startsWith('Hartmann'))!;
  for (const algorithm of TUNDRA) {
    latency.push(`| ${algorithm} | ${suggestLatencyMs(probe, algorithm, 100).toFixed(2)} ms | ${suggestLatencyMs(probe, algorithm, 1000).toFixed(2)} ms |`);
  }
  latency.push('', `On ${probe.name}, this machine: mean of 10 suggestions after N completed random trials. Targets: tpe under 50 ms and gp under 1 s at 1000.`, '');
  lines.push(...latency);
  console.log(`\n${summary(results).join('\n')}\n${latency.join('\n')}`);
  console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  mkdirSync(path.join(root, 'docs'), { recursive: true });
  writeFileSync(path.join(root, 'docs', 'benchmarks.md'), `${lines.join('\n')}\n`);
  console.log('wrote docs/benchmarks.md');
}

const workerIndex = process.argv.indexOf(WORKER_FLAG);
(workerIndex >= 0 ? workerMain(process.argv[workerIndex + 1]!) : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
