import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { oneEpochTopK, oracleFloor } from './baselines';
import { runThroughScheduler, type SchedulerMethod } from './run-scheduler';
import { digitsTable, lcbenchTables, type CurveTable } from './tables';
import { type Trace, type TracePoint } from './trace';
import { svgPlot } from './plot';

/**
 * `npm run bench:policies`: every policy through the real scheduler loop on recorded learning
 * curves in virtual time (bench/policies/run-scheduler.ts), against full-budget random search,
 * random at twice the budget, "one epoch, keep the top k", and Optuna's TPE with its Hyperband and
 * SuccessiveHalving pruners on the same tables (Debian's python3-optuna). Writes
 * docs/benchmarks-policies.md and docs/benchmarks-policies.svg.
 *
 * Each (table, method) pair runs all its seeds in a child process, one per core (BENCH_JOBS).
 * BENCH_SEEDS, BENCH_TABLES (name prefixes), BENCH_METHODS and BENCH_SEARCHERS shrink or change it;
 * a shrunk run says so in the file it writes.
 */

const root = path.resolve(__dirname, '..', '..');
const dataDir = process.env.TUNDRA_BENCH_DATA ?? path.resolve(root, '..', 'shared', 'data');
const SEEDS = Number(process.env.BENCH_SEEDS ?? 20);
/** The budget in full trainings: every method may train this many times max steps in all. */
const BUDGET_TRAININGS = Number(process.env.BENCH_BUDGET ?? 20);
const PARALLEL = 4;
const TARGET_REGRET = 0.01;
const OPTUNA_PYTHON = process.env.OPTUNA_PYTHON ?? '/usr/bin/python3';
/**
 * The model-based searcher the policies run with. Tundra's default (`auto`: Sobol, then GP, then
 * TPE from 150 results) costs about 23 s per ASHA run here, mostly GP fits, which over this grid
 * would take hours on two cores; TPE is what auto hands over to once trials are many, as they are
 * under ASHA. BENCH_SEARCHERS=auto,random runs the default instead.
 */
const SEARCHERS = (process.env.BENCH_SEARCHERS ?? 'tpe,random').split(',').map((s) => s.trim()) as SchedulerMethod['searcher'][];

type Method =
  | { readonly key: string; readonly kind: 'scheduler'; readonly run: SchedulerMethod; readonly budgetFactor: number; readonly parallel: number }
  | { readonly key: string; readonly kind: 'top-k' }
  | { readonly key: string; readonly kind: 'oracle'; readonly parallel: number }
  | { readonly key: string; readonly kind: 'optuna'; readonly pruner: 'hyperband' | 'successive-halving'; readonly parallel: number };

/** The suffix of the rows that ran one trial at a time, the way Optuna's study.optimize runs by default. */
const SEQUENTIAL = ' (1 at a time)';

const METHODS: Method[] = [
  { key: 'random', kind: 'scheduler', run: { searcher: 'random', policy: 'none' }, budgetFactor: 1, parallel: PARALLEL },
  { key: 'random-2x', kind: 'scheduler', run: { searcher: 'random', policy: 'none' }, budgetFactor: 2, parallel: PARALLEL },
  { key: 'one-epoch-top-k', kind: 'top-k' },
  { key: 'oracle-floor', kind: 'oracle', parallel: PARALLEL },
  ...SEARCHERS.flatMap((searcher): Method[] => [
    { key: `median/${searcher}`, kind: 'scheduler', run: { searcher, policy: 'median' }, budgetFactor: 1, parallel: PARALLEL },
    { key: `asha/${searcher}`, kind: 'scheduler', run: { searcher, policy: 'asha', variant: 'promotion' }, budgetFactor: 1, parallel: PARALLEL },
    { key: `hyperband/${searcher}`, kind: 'scheduler', run: { searcher, policy: 'hyperband', variant: 'promotion' }, budgetFactor: 1, parallel: PARALLEL },
    { key: `freeze_thaw/${searcher}`, kind: 'scheduler', run: { searcher, policy: 'freeze_thaw' }, budgetFactor: 1, parallel: PARALLEL },
  ]),
  { key: 'optuna-tpe+hyperband', kind: 'optuna', pruner: 'hyperband', parallel: PARALLEL },
  { key: 'optuna-tpe+successive-halving', kind: 'optuna', pruner: 'successive-halving', parallel: PARALLEL },
  // The same comparison one trial at a time, where four workers' speculative steps do not count.
  { key: `oracle-floor${SEQUENTIAL}`, kind: 'oracle', parallel: 1 },
  { key: `asha/${SEARCHERS[0]}${SEQUENTIAL}`, kind: 'scheduler', run: { searcher: SEARCHERS[0]!, policy: 'asha', variant: 'promotion' }, budgetFactor: 1, parallel: 1 },
  { key: `freeze_thaw/${SEARCHERS[0]}${SEQUENTIAL}`, kind: 'scheduler', run: { searcher: SEARCHERS[0]!, policy: 'freeze_thaw' }, budgetFactor: 1, parallel: 1 },
  { key: `optuna-tpe+hyperband${SEQUENTIAL}`, kind: 'optuna', pruner: 'hyperband', parallel: 1 },
  { key: `optuna-tpe+successive-halving${SEQUENTIAL}`, kind: 'optuna', pruner: 'successive-halving', parallel: 1 },
];

interface SeedResult {
  readonly steps: number;
  readonly seconds: number | null;
  readonly trials: number;
  readonly points: readonly TracePoint[];
}

interface JobResult {
  readonly table: string;
  readonly method: string;
  readonly budgetSteps: number;
  readonly wallSeconds: number;
  readonly seeds: readonly SeedResult[];
}

async function allTables(): Promise<{ tables: CurveTable[]; skipped: string[] }> {
  const digits = digitsTable(dataDir);
  const lcbench = await lcbenchTables(dataDir);
  return {
    tables: [...(digits ? [digits] : []), ...lcbench.tables],
    skipped: [...(digits ? [] : ['digits skipped: ../shared/data/curves/digits-mlp.jsonl not found']), ...(lcbench.skipped ? [lcbench.skipped] : [])],
  };
}

function runOptuna(table: CurveTable, pruner: string, budgetSteps: number, parallel: number): Promise<SeedResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(OPTUNA_PYTHON, [path.join(__dirname, 'optuna-pruners.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`optuna-pruners.py exited with ${code}`));
      const rows = output.trim().split('\n').map((line) => JSON.parse(line) as { steps: number; seconds: number; trials: number; points: [number, number, number][] });
      resolve(
        rows.map((row) => {
          // The same regret as Tundra's runs: the best loss at max so far, normalised on the table.
          const points = row.points.map(([steps, seconds, loss]) => ({ steps, seconds, regret: (loss - table.bestFinal) / (table.worstFinal - table.bestFinal) }));
          return { steps: row.steps, seconds: row.seconds, trials: row.trials, points };
        }),
      );
    });
    const kinds = table.names.map((name) => table.space[name]!.type);
    const request = {
      table: { encoded: table.encoded.map((row) => [...row]), losses: table.losses.map((curve) => [...curve]), seconds: table.seconds.map((row) => [...row]), maxStep: table.maxStep, kinds },
      pruner,
      parallel,
      seeds: Array.from({ length: SEEDS }, (_, seed) => seed),
      budgetSteps,
    };
    child.stdin.end(`${JSON.stringify(request)}\n`);
  });
}

async function runJob(table: CurveTable, method: Method): Promise<JobResult> {
  const started = performance.now();
  const budgetSteps = BUDGET_TRAININGS * table.maxStep * (method.kind === 'scheduler' ? method.budgetFactor : 1);
  let seeds: SeedResult[];
  const fromTrace = (trace: Trace): SeedResult => ({ steps: trace.steps, seconds: trace.seconds, trials: trace.trials, points: trace.points });
  switch (method.kind) {
    case 'scheduler':
      seeds = [];
      for (let seed = 0; seed < SEEDS; seed++) seeds.push(fromTrace(await runThroughScheduler({ table, method: method.run, seed, budgetSteps, parallel: method.parallel })));
      break;
    case 'oracle':
      seeds = Array.from({ length: SEEDS }, (_, seed) => fromTrace(oracleFloor(table, seed, budgetSteps, method.parallel)));
      break;
    case 'top-k':
      seeds = Array.from({ length: SEEDS }, (_, seed) => fromTrace(oneEpochTopK(table, seed, budgetSteps)));
      break;
    case 'optuna':
      seeds = await runOptuna(table, method.pruner, budgetSteps, method.parallel);
      break;
  }
  return { table: table.name, method: method.key, budgetSteps, wallSeconds: (performance.now() - started) / 1000, seeds };
}

const JOB_FLAG = '--job';

function runInChild(tableName: string, methodKey: string): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, JOB_FLAG, tableName, methodKey], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${methodKey} on ${tableName} exited with ${code}`));
      resolve(JSON.parse(output.trim().split('\n').at(-1)!) as JobResult);
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

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function regretAt(points: readonly TracePoint[], key: 'steps' | 'seconds', at: number): number {
  let regret = Infinity;
  for (const point of points) {
    if (point[key] > at) break;
    regret = point.regret;
  }
  return regret;
}

const stepsToTarget = (seed: SeedResult) => seed.points.find((point) => point.regret <= TARGET_REGRET)?.steps ?? Infinity;
const formatRegret = (value: number) => (value === Infinity ? '-' : value < 1e-4 ? value.toExponential(1) : value.toFixed(4));
const formatSteps = (value: number, budget: number) => (value === Infinity ? `> ${budget}` : String(Math.round(value)));

function tableReport(results: readonly JobResult[], tableName: string): { lines: string[]; toTarget: Map<string, number> } {
  const rows = results.filter((r) => r.table === tableName).sort((a, b) => METHODS.findIndex((m) => m.key === a.method) - METHODS.findIndex((m) => m.key === b.method));
  const baseBudget = rows.find((r) => r.method === 'random')!.budgetSteps;
  const fractions = [0.1, 0.25, 0.5, 1];
  const randomSeconds = median(rows.find((r) => r.method === 'random')!.seeds.map((s) => s.seconds ?? 0));
  const toTarget = new Map(rows.map((r) => [r.method, median(r.seeds.map(stepsToTarget))]));
  // Random at twice the budget is the same search (same seeds, same draws) run on: its steps to the
  // target are full-budget random's, measured where the plain run's budget would cut them off.
  const randomToTarget = toTarget.get('random-2x') ?? toTarget.get('random')!;
  const lines = [
    `## ${tableName}`,
    '',
    `Median over ${SEEDS} seeds of the normalised regret of the best final value found, after a share of the budget (${baseBudget} steps = ${BUDGET_TRAININGS} full trainings), and of the steps spent until it came within ${TARGET_REGRET * 100}%.`,
    '',
    `| method | ${fractions.map((f) => `${f * 100}% of steps`).join(' | ')} | ${[0.25, 0.5, 1].map((f) => `${f * 100}% of random's time`).join(' | ')} | steps to ${TARGET_REGRET * 100}% | less resource than random | configurations |`,
    `| --- | ${fractions.map(() => '---').join(' | ')} | --- | --- | --- | --- | --- | --- |`,
  ];
  for (const row of rows) {
    const steps = fractions.map((f) => formatRegret(median(row.seeds.map((s) => regretAt(s.points, 'steps', f * baseBudget)))));
    const seconds = [0.25, 0.5, 1].map((f) => (row.seeds[0]!.seconds === null ? 'n/a' : formatRegret(median(row.seeds.map((s) => regretAt(s.points, 'seconds', f * randomSeconds))))));
    const target = toTarget.get(row.method)!;
    const ratio = target === Infinity ? '-' : randomToTarget === Infinity ? `> ${(baseBudget / target).toFixed(1)}x` : `${(randomToTarget / target).toFixed(1)}x`;
    lines.push(`| ${row.method} | ${steps.join(' | ')} | ${seconds.join(' | ')} | ${formatSteps(target, row.budgetSteps)} | ${ratio} | ${Math.round(median(row.seeds.map((s) => s.trials)))} |`);
  }
  lines.push('');
  return { lines, toTarget };
}

function targets(results: readonly JobResult[], tables: readonly string[]): string[] {
  const lines = [
    '## Targets',
    '',
    `| table | ASHA vs random (target 3x less) | freeze-thaw vs ASHA (target 1.5x less) | freeze-thaw vs Optuna pruners (target: less) | the same, ${SEQUENTIAL.trim()}: freeze-thaw vs ASHA, vs Optuna |`,
    '| --- | --- | --- | --- | --- |',
  ];
  const searcher = SEARCHERS[0]!;
  for (const name of tables) {
    const { toTarget } = tableReport(results, name);
    const steps = (key: string) => toTarget.get(key) ?? Infinity;
    const random = toTarget.get('random-2x') ?? toTarget.get('random')!;
    const asha = steps(`asha/${searcher}`);
    const freezeThaw = steps(`freeze_thaw/${searcher}`);
    const optuna = Math.min(steps('optuna-tpe+hyperband'), steps('optuna-tpe+successive-halving'));
    const budget = results.find((r) => r.table === name && r.method === 'random')!.budgetSteps * 2;
    const ratio = (a: number, b: number) => (b === Infinity ? 'never reached' : a === Infinity ? `> ${(budget / b).toFixed(1)}x` : `${(a / b).toFixed(2)}x`);
    const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
    const one = (key: string) => steps(`${key}${SEQUENTIAL}`);
    const sequential = toTarget.has(`freeze_thaw/${searcher}${SEQUENTIAL}`)
      ? `${ratio(one(`asha/${searcher}`), one(`freeze_thaw/${searcher}`))}, ${ratio(Math.min(one('optuna-tpe+hyperband'), one('optuna-tpe+successive-halving')), one(`freeze_thaw/${searcher}`))}`
      : 'not run';
    lines.push(
      `| ${name} | ${ratio(random, asha)} ${verdict(random / asha >= 3)} | ${ratio(asha, freezeThaw)} ${verdict(asha / freezeThaw >= 1.5)} | ${ratio(optuna, freezeThaw)} ${verdict(freezeThaw < optuna)} | ${sequential} |`,
    );
  }
  lines.push(
    '',
    `Ratios are the median steps to ${TARGET_REGRET * 100}% regret of the first divided by the second's, with the ${searcher} searcher, ${PARALLEL} trials at a time (the targets) and one at a time (the last column).`,
    '',
  );
  return lines;
}

async function jobMain(tableName: string, methodKey: string): Promise<void> {
  const { tables } = await allTables();
  const table = tables.find((t) => t.name === tableName);
  const method = METHODS.find((m) => m.key === methodKey);
  if (!table || !method) throw new Error(`no table ${tableName} or method ${methodKey}`);
  process.stdout.write(`${JSON.stringify(await runJob(table, method))}\n`);
}

async function main(): Promise<void> {
  const onlyTables = process.env.BENCH_TABLES?.split(',').map((s) => s.trim().toLowerCase());
  const onlyMethods = process.env.BENCH_METHODS?.split(',').map((s) => s.trim());
  const { tables: all, skipped } = await allTables();
  const tables = all.filter((t) => !onlyTables || onlyTables.some((prefix) => t.name.toLowerCase().startsWith(prefix)));
  for (const line of skipped) console.warn(`(${line})`);
  const optunaOk = spawnSync(OPTUNA_PYTHON, ['-c', 'import optuna'], { stdio: 'ignore' }).status === 0;
  if (!optunaOk) console.warn(`(Optuna not importable with ${OPTUNA_PYTHON}: apt-get install python3-optuna; its pruners are left out)`);
  const methods = METHODS.filter((m) => (m.kind !== 'optuna' || optunaOk) && (!onlyMethods || onlyMethods.includes(m.key) || m.key === 'random'));
  const jobs = Number(process.env.BENCH_JOBS ?? availableParallelism());
  const started = performance.now();
  const pairs = tables.flatMap((table) => methods.map((method) => ({ table, method })));
  // Slowest first, so the pool does not end on one long job.
  const cost = (m: Method) => (m.key.startsWith('freeze_thaw') ? 4 : m.kind === 'optuna' ? 3 : m.key.startsWith('asha') || m.key.startsWith('hyperband') ? 2 : 1);
  pairs.sort((a, b) => cost(b.method) - cost(a.method));
  console.log(`${tables.length} tables × ${methods.length} methods × ${SEEDS} seeds, budget ${BUDGET_TRAININGS} full trainings, ${jobs} in parallel`);
  const results = await runPool(pairs, jobs, async ({ table, method }) => {
    const result = await runInChild(table.name, method.key);
    console.log(`${method.key} on ${table.name}: ${result.wallSeconds.toFixed(0)} s`);
    return result;
  });

  writeFileSync(RESULTS_FILE, JSON.stringify({ tables: tables.map((t) => t.name), skipped, results, seconds: (performance.now() - started) / 1000 }));
  report(results, tables.map((t) => t.name), skipped, optunaOk, (performance.now() - started) / 1000);
}

/** Raw results of the last run, so the report can be rewritten without rerunning (`--report`). */
const RESULTS_FILE = path.join(__dirname, 'policies-results.json');

function report(results: readonly JobResult[], names: readonly string[], skipped: readonly string[], optunaOk: boolean, totalSeconds: number): void {
  const partial = process.env.BENCH_SEEDS || process.env.BENCH_TABLES || process.env.BENCH_METHODS || process.env.BENCH_BUDGET || process.env.BENCH_SEARCHERS;
  const optunaVersion = optunaOk ? spawnSync(OPTUNA_PYTHON, ['-c', 'import optuna; print(optuna.__version__)'], { encoding: 'utf8' }).stdout.trim() : '(not installed)';
  const lines = [
    '# Policy benchmark',
    '',
    `From \`npm run bench:policies\`${partial ? ' (a shrunk or changed run: see the BENCH_* variables)' : ''}, ${new Date().toISOString().slice(0, 10)}. Every policy ran through the real`,
    'scheduler loop (searcher, policy, SQLite store, its freeze and thaw paths) with simulated trials that replay recorded',
    `curves in virtual time (each step costs its recorded seconds), ${PARALLEL} trials at a time. A searcher may only pick among a table's`,
    'recorded configurations (the nearest untried one in the normalised space). Regret is (loss - best) / (worst - best) of the final',
    'validation error among the table\'s configurations; only trials that reached the last step count as found. Steps are',
    'the resource: every epoch trained counts once, thawed trials\' too. "one-epoch-top-k" trains random configurations one',
    'epoch with half the budget and the best k to the end with the other half (arXiv 2307.15422), computed on the table.',
    '"oracle-floor" is no method but about the floor in steps: the best configuration started first, the other slots filled',
    'with random ones, until it reaches max (bench/policies/baselines.ts).',
    `Optuna ${optunaVersion}: TPE with its pruners (reduction factor 3, min resource 1) on the same tables, ${PARALLEL} workers sharing one`,
    'study through ask and tell in the same virtual time (as Optuna runs in parallel: running trials are invisible to its',
    `TPE). Rows marked "${SEQUENTIAL.trim()}" ran one trial at a time, where no steps are spent on trials started while a better`,
    'one was still on its way to max. Policies ran with the searchers named after the slash; see the comment',
    'in bench/policies/main.ts on why TPE stands in for the default `auto` here. Under the promotion policies (asha,',
    'hyperband, freeze_thaw) most trials end frozen, not completed; the searchers then learn from every trial\'s value at',
    'the highest step ten trials reached (BOHB\'s multi-fidelity model; main/scheduler/searcher-history.ts).',
    '"-" is a regret before any trial reached the last step; "> N" steps means the median run never got within 1%.',
    ...skipped.map((line) => `Not in this run: ${line}.`),
    '',
    ...targets(results, names),
    ...names.flatMap((name) => tableReport(results, name).lines),
    '![Median regret against steps spent](benchmarks-policies.svg)',
    '',
    `Total ${totalSeconds.toFixed(0)} s on this machine (2 cores).`,
    '',
  ];
  console.log(`\n${lines.join('\n')}`);
  mkdirSync(path.join(root, 'docs'), { recursive: true });
  writeFileSync(path.join(root, 'docs', 'benchmarks-policies.md'), `${lines.join('\n')}\n`);
  const series = names.map((name) => ({
    title: name,
    lines: results
      .filter((r) => r.table === name)
      // The same order (and so the same colour) for a method in every panel.
      .sort((a, b) => METHODS.findIndex((m) => m.key === a.method) - METHODS.findIndex((m) => m.key === b.method))
      .map((r) => ({
        label: r.method,
        points: Array.from({ length: 41 }, (_, i) => {
          const steps = (r.budgetSteps / 40) * i;
          return { x: steps, y: median(r.seeds.map((s) => regretAt(s.points, 'steps', steps))) };
        }),
      })),
  }));
  writeFileSync(path.join(root, 'docs', 'benchmarks-policies.svg'), svgPlot(series));
  console.log('wrote docs/benchmarks-policies.md and docs/benchmarks-policies.svg');
}

function reportOnly(): void {
  const saved = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as { tables: string[]; skipped: string[]; results: JobResult[]; seconds: number };
  const optunaOk = saved.results.some((r) => r.method.startsWith('optuna'));
  report(saved.results, saved.tables, saved.skipped, optunaOk, saved.seconds);
}

const jobIndex = process.argv.indexOf(JOB_FLAG);
(jobIndex >= 0 ? jobMain(process.argv[jobIndex + 1]!, process.argv[jobIndex + 2]!) : process.argv.includes('--report') ? Promise.resolve(reportOnly()) : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
