import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureDispatch, type DispatchResult } from './dispatch';
import { repoRoot, tempDir } from './experiment';
import { writeFixtures } from './fixtures';
import { measureFreezeThaw, type FreezeThawResult } from './freeze-thaw';
import { measureIngestion, type IngestionResult } from './ingestion';
import { envInt, formatCount, formatMs, formatRate, formatRatio, median, quantile } from './stats';
import { runWsClient, WS_CLIENT_FLAG } from './ws-client';

/**
 * `npm run bench:scheduler`: the scheduler and runner against bare baselines measured in the same
 * run, on this machine, through the real code (createBackend, Scheduler, TrialProcess, the store,
 * serve): dispatch latency, metric ingestion throughput, freeze-to-free and thaw-to-first-report.
 * Prints a table and writes docs/benchmarks-scheduler.md.
 *
 * Sizes: BENCH_TRIALS (dispatch trials, 250), BENCH_INGEST_TRIALS (8), BENCH_POINTS_PER_TRIAL
 * (200000), BENCH_RAW_BATCH (points per baseline transaction, 1000), BENCH_CYCLES (freeze/thaw
 * cycles, 10), BENCH_STEP_MS (the trainer's step, 20); BENCH_PHASES=dispatch,ingestion,freeze runs
 * some; BENCH_KEEP=1 keeps the temporary folder. A run shrunk that way says so in the file.
 */

const PHASES = ['dispatch', 'ingestion', 'freeze'] as const;
type Phase = (typeof PHASES)[number];
const DISPATCH_TARGET_MS = 20;
const INGEST_TARGET = 100_000;
const INGEST_RAW_RATIO_TARGET = 3;
const SIZE_VARIABLES = ['BENCH_TRIALS', 'BENCH_INGEST_TRIALS', 'BENCH_POINTS_PER_TRIAL', 'BENCH_RAW_BATCH', 'BENCH_CYCLES', 'BENCH_STEP_MS', 'BENCH_PHASES'];

type Row = readonly [measure: string, tundra: string, baseline: string, comparison: string, target: string];

const plus = (ms: number) => `${ms >= 0 ? '+' : ''}${formatMs(ms)}`;
const verdict = (met: boolean, text: string) => `${text}: ${met ? 'met' : '**missed**'}`;

function dispatchRows(d: DispatchResult): { rows: Row[]; notes: string[] } {
  const freed = median(d.tundraFreedToSpawned);
  const freed99 = quantile(d.tundraFreedToSpawned, 0.99);
  const bare = median(d.bareCallToSpawned);
  const bare99 = quantile(d.bareCallToSpawned, 0.99);
  const quarter = Math.max(1, Math.floor(d.tundraFreedToCall.length / 4));
  const rows: Row[] = [
    [
      `dispatch: trial exit → next trial spawned, median (${d.tundraFreedToSpawned.length} trials)`,
      formatMs(freed),
      `bare spawn() → 'spawn': ${formatMs(bare)}`,
      plus(freed - bare),
      verdict(freed - bare <= DISPATCH_TARGET_MS, `≤ +${DISPATCH_TARGET_MS} ms`),
    ],
    ['dispatch: trial exit → next trial spawned, p99', formatMs(freed99), `bare p99: ${formatMs(bare99)}`, plus(freed99 - bare99), verdict(freed99 - bare99 <= DISPATCH_TARGET_MS, `≤ +${DISPATCH_TARGET_MS} ms`)],
    [
      'dispatch seen from the trials: last statement of one → first of the next, median',
      formatMs(median(d.tundraScriptGap)),
      `bare spawn loop: ${formatMs(median(d.bareScriptGap))}`,
      plus(median(d.tundraScriptGap) - median(d.bareScriptGap)),
      '',
    ],
    ['same, p99', formatMs(quantile(d.tundraScriptGap, 0.99)), `bare: ${formatMs(quantile(d.bareScriptGap, 0.99))}`, plus(quantile(d.tundraScriptGap, 0.99) - quantile(d.bareScriptGap, 0.99)), ''],
  ];
  const notes = [
    `Tundra's own share, trial exit → the runner calling spawn() for the next: median ${formatMs(median(d.tundraFreedToCall))}, p99 ${formatMs(quantile(d.tundraFreedToCall, 0.99))}; ` +
      `first ${quarter} trials ${formatMs(median(d.tundraFreedToCall.slice(0, quarter)))}, last ${quarter} ${formatMs(median(d.tundraFreedToCall.slice(-quarter)))} (bare loop: exit → 'spawn' ${formatMs(median(d.bareFreedToSpawned))}).`,
    `spawn() → 'spawn' event: Tundra ${formatMs(median(d.tundraCallToSpawned))} (its bookkeeping after spawn() returns runs first), bare ${formatMs(bare)}.`,
    `Node start-up in the child (bare spawn() → the script's first statement): median ${formatMs(median(d.bareCallToScriptStart))}; ` +
      `a script's last statement → its 'exit' event in the parent: Tundra ${formatMs(median(d.tundraEndToExitEvent))}, bare ${formatMs(median(d.bareEndToExitEvent))}.`,
    `Wall time: ${d.trials} trials through Tundra ${d.tundraSeconds.toFixed(1)} s (${(d.trials / d.tundraSeconds).toFixed(1)} trials/s), the bare loop ${d.bareSeconds.toFixed(1)} s (${(d.trials / d.bareSeconds).toFixed(1)}/s).`,
  ];
  return { rows, notes };
}

function ingestionRows(r: IngestionResult): { rows: Row[]; notes: string[] } {
  const rate = r.storedPoints / r.seconds;
  const raw = r.expectedPoints / r.rawSeconds;
  const ratio = raw / rate;
  const rows: Row[] = [
    [
      `ingestion: points stored/s, ${r.trials} trials at once, ${formatCount(r.expectedPoints)} points (start → all stored)`,
      formatRate(rate),
      `raw better-sqlite3 inserts (${r.rawBatch}/transaction): ${formatRate(raw)}`,
      `raw is ${formatRatio(ratio)} faster`,
      `${verdict(rate >= INGEST_TARGET, '≥ 100 k/s')}; ${verdict(ratio <= INGEST_RAW_RATIO_TARGET, `within ${INGEST_RAW_RATIO_TARGET}x`)}`,
    ],
    ...(Number.isFinite(r.sustainedPointsPerSecond)
      ? [['ingestion: sustained, 10% → 90% of the points', formatRate(r.sustainedPointsPerSecond), '', `raw is ${formatRatio(raw / r.sustainedPointsPerSecond)} faster`, ''] as const]
      : []),
    [
      'points received by the WebSocket client',
      `${formatCount(r.client.points)} of ${formatCount(r.storedPoints)}`,
      '',
      `${((100 * r.client.points) / Math.max(1, r.storedPoints)).toFixed(1)}%`,
      r.client.closed ? `socket closed by the server: ${r.client.closed.code} ${r.client.closed.reason}` : '',
    ],
  ];
  const notes = [
    `Stored ${formatCount(r.storedPoints)} of ${formatCount(r.expectedPoints)} points in ${r.seconds.toFixed(2)} s; the producers had written their last line ${r.producersDoneSeconds.toFixed(2)} s after start; raw inserts took ${r.rawSeconds.toFixed(2)} s.`,
    `parseMetricLine alone, one thread: ${formatRate(r.parsePointsPerSecond)} points.`,
    `The event hub pushed ${formatCount(r.pushedPoints)} points in ${r.pushes} metrics/appended pushes, the largest with ${formatCount(r.largestPush)} points; ` +
      `the client got ${formatCount(r.client.points)} in ${formatCount(r.client.messages)} frames (${(r.client.bytes / 1e6).toFixed(1)} MB, the largest ${(r.client.largestFrameBytes / 1e6).toFixed(1)} MB)` +
      (r.clientLastSeconds === null ? '' : `, the last ${r.clientLastSeconds.toFixed(2)} s after start`) +
      (r.client.error ? `; socket error: ${r.client.error}` : '') +
      (Number.isFinite(r.sustainedPointsPerSecond) ? '.' : '; too few pushes to time 10% → 90% of the points.'),
    `Tundra's event loop ran no timer (so no API call, no push) for up to ${formatMs(r.longestStallMs)} at a stretch while ingesting ` +
      `(stretches over 10 ms add up to ${r.stalledSeconds.toFixed(2)} s of ${r.seconds.toFixed(2)} s), and for up to ${formatMs(r.longestPushStallMs)} while pushing the points to the client afterwards.`,
  ];
  return { rows, notes };
}

function freezeRows(f: FreezeThawResult): { rows: Row[]; notes: string[] } {
  const freeze = median(f.freezeMs);
  const bareFreeze = median(f.bareFreezeMs);
  const thaw = median(f.thawMs);
  const bareThaw = median(f.bareThawMs);
  const rows: Row[] = [
    [`freeze → process gone, trial frozen, median of ${f.cycles}`, formatMs(freeze), `bare: control line → exit: ${formatMs(bareFreeze)}`, `${plus(freeze - bareFreeze)} (${formatRatio(freeze / bareFreeze)})`, ''],
    [`thaw → first new point stored, median of ${f.cycles}`, formatMs(thaw), `bare relaunch → first report on a pipe: ${formatMs(bareThaw)}`, `${plus(thaw - bareThaw)} (${formatRatio(thaw / bareThaw)})`, ''],
    ['python3 -c pass (interpreter start, for context)', '', formatMs(median(f.pythonStartMs)), '', ''],
  ];
  const notes = [
    `The trainer sleeps ${f.stepMs} ms a step and acts on a request after its current step. Freeze: min ${formatMs(Math.min(...f.freezeMs))}, max ${formatMs(Math.max(...f.freezeMs))}; ` +
      `thaw: min ${formatMs(Math.min(...f.thawMs))}, max ${formatMs(Math.max(...f.thawMs))}. ${f.exactResumes} of ${f.cycles} thaws went on at the step after the last stored one (from the checkpoint). ` +
      `Thaw, in parts: thawTrial → the runner calling spawn() ${formatMs(median(f.thawToSpawnMs))}; → the first new line parsed ${formatMs(median(f.thawToParsedMs))} ` +
      `(whole ms; includes the interpreter's start, one step and the runner's 50 ms polling); → that point visible in the database ${formatMs(median(f.thawMs.map((t, i) => t - f.thawToParsedMs[i]!)))} more ` +
      '(the scheduler writes points on a 100 ms timer started by the first pending one, plus our 5 ms polling).',
  ];
  return { rows, notes };
}

function table(rows: readonly Row[]): string[] {
  return ['| measure | Tundra | baseline, same run | difference | target |', '| --- | --- | --- | --- | --- |', ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

async function main(): Promise<void> {
  const wanted = (process.env.BENCH_PHASES ?? PHASES.join(',')).split(',').map((s) => s.trim());
  const run = (phase: Phase) => wanted.includes(phase);
  const dispatchTrials = envInt('BENCH_TRIALS', 250);
  const ingestTrials = envInt('BENCH_INGEST_TRIALS', 8);
  const pointsPerTrial = envInt('BENCH_POINTS_PER_TRIAL', 200_000);
  const rawBatch = envInt('BENCH_RAW_BATCH', 1000);
  const cycles = envInt('BENCH_CYCLES', 10);
  const stepMs = envInt('BENCH_STEP_MS', 20);
  const dir = tempDir('tundra-bench-scheduler-');
  const fixtures = writeFixtures(dir);
  const started = performance.now();
  const rows: Row[] = [];
  const notes: string[] = [];
  const section = (name: string, result: { rows: Row[]; notes: string[] }) => {
    rows.push(...result.rows);
    notes.push(`- ${name}: ${result.notes.join(' ')}`);
  };
  const progress = (text: string) => process.stderr.write(`[bench:scheduler] ${text} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  try {
    if (run('dispatch')) {
      progress(`dispatch: ${dispatchTrials} trials through Tundra and the bare loop`);
      section('Dispatch', dispatchRows(await measureDispatch(fixtures.instantTrial, dispatchTrials, path.join(dir, 'dispatch'))));
    }
    if (run('ingestion')) {
      progress(`ingestion: ${ingestTrials} trials x ${formatCount(pointsPerTrial)} points`);
      section('Ingestion', ingestionRows(await measureIngestion(fixtures.floodTrial, ingestTrials, pointsPerTrial, rawBatch, path.join(dir, 'ingestion'))));
    }
    if (run('freeze')) {
      progress(`freeze/thaw: ${cycles} cycles`);
      section('Freeze and thaw', freezeRows(await measureFreezeThaw(cycles, stepMs, path.join(dir, 'freeze'))));
    }
  } finally {
    if (process.env.BENCH_KEEP === '1') progress(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  const cpus = os.cpus();
  const machine = `${os.availableParallelism()} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}; load average at the end ${os.loadavg()[0]!.toFixed(2)}`;
  const shrunk = SIZE_VARIABLES.filter((name) => process.env[name]);

  const printed = [...table(rows), '', ...notes, '', `Machine: ${machine}. Whole run: ${seconds.toFixed(0)} s.`];
  process.stdout.write(`\n${printed.join('\n')}\n`);

  const file = [
    '# Scheduler benchmark',
    '',
    `From \`npm run bench:scheduler\`${shrunk.length > 0 ? ` (a shrunk or partial run: ${shrunk.map((n) => `${n}=${process.env[n]}`).join(', ')})` : ''}. ` +
      'Every baseline ran in the same run on the same machine; figures are medians unless they say otherwise.',
    '',
    ...table(rows),
    '',
    ...notes,
    '',
    `Machine: ${machine}. Whole run: ${seconds.toFixed(0)} s.`,
    '',
    '## Method',
    '',
    '- **Dispatch**: an experiment of `budget.trials` trials with `parallel: 1`, each running a tiny Node script ' +
      '(one `@tundra` report, then exit; bench/scheduler/fixtures.ts), through `createBackend` and `Scheduler.start`. "Trial exit" is the child\'s `exit` event in Tundra\'s process and ' +
      '"spawned" the next child\'s `spawn` event; both are observed by wrapping `child_process.spawn` for the length of the run (a spy that adds two ' +
      'listeners and changes nothing else; the runner calls `spawn` through the module object). The baseline is the same argv spawned bare with the ' +
      "runner's options (stdin a pipe, output to files, own process group): `spawn()` to its `spawn` event, and a bare loop that spawns the next " +
      'child as soon as the previous exits (half before the Tundra run and half after, so drift in load hits both). As a cross-check that needs no spy, ' +
      'each trial script stamps its first and last statement with `process.hrtime` (CLOCK_MONOTONIC, one clock for all processes on Linux) on stderr; ' +
      "the gap from one script's last statement to the next one's first includes process teardown and Node's start-up, for Tundra and the bare loop alike.",
    `- **Ingestion**: \`serve\` (\`startServer\` over the same backend, default 250 ms push batching, token on the socket) and a WebSocket client in ` +
      'another process counting the points in `metrics/appended` frames. The experiment runs all trials at once; each prints `@tundra {"step":k,"loss":…,"acc":…}` ' +
      'lines in 8192-line writes (`bench/scheduler/fixtures.ts`). The rate is the points counted in the database afterwards over the time from ' +
      "`Scheduler.start` until `whenFinished` (every trial settled, which flushes its last points). \"Sustained\" is the rate between the event hub announcing 10% " +
      'and 90% of the points. The baseline inserts the same points with `INSERT OR REPLACE INTO metrics` through better-sqlite3 into a fresh database opened ' +
      "with Tundra's own schema and pragmas (WAL, synchronous=NORMAL), round robin over the trials, in transactions of BENCH_RAW_BATCH points.",
    '- **Freeze and thaw**: `test/fixtures/checkpointing-trainer.py` through the Python helper, one trial; `freezeTrial` to the trial being `frozen` in the ' +
      'database (polled every 5 ms; the state is written after the process has exited), then `thawTrial` to the first metric point with a newer step in ' +
      'the database (polled every 5 ms). The baselines run the same script bare with the environment Tundra gives it: a freeze control line on its stdin ' +
      'to its exit, and a relaunch with TUNDRA_RESUME=1 to its first `@tundra` line read from a pipe (no polling, no database).',
    '',
  ];
  writeFileSync(path.join(repoRoot, 'docs', 'benchmarks-scheduler.md'), `${file.join('\n')}\n`);
  progress('wrote docs/benchmarks-scheduler.md');
}

if (process.argv.includes(WS_CLIENT_FLAG)) {
  runWsClient();
} else {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench:scheduler failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
