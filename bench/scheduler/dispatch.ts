import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createBackend } from '../../main/backend';
import { createExperiment, parseScriptClocks, repoRoot, type ScriptClock } from './experiment';
import { realSpawn, spySpawns, type SpawnTimes } from './spawn-spy';
import { msBetween } from './stats';

/**
 * Dispatch latency: with budget.parallel = 1, how long after one trial's process exits the next
 * one's process has started, through the real scheduler and runner; against a bare loop that
 * spawns the same argv, with the same stdio arrangement, as soon as the previous child exits.
 */
export interface DispatchResult {
  readonly trials: number;
  /** Tundra: the previous trial's 'exit' event to the next trial's 'spawn' event. */
  readonly tundraFreedToSpawned: number[];
  /** Tundra: the previous trial's 'exit' event to the runner calling spawn() for the next. */
  readonly tundraFreedToCall: number[];
  /** Tundra: spawn() called to the 'spawn' event (the runner's bookkeeping after spawn included). */
  readonly tundraCallToSpawned: number[];
  /** Tundra: the previous script's last statement to the next script's first (in-child clocks). */
  readonly tundraScriptGap: number[];
  /** Bare: spawn() called to the 'spawn' event. */
  readonly bareCallToSpawned: number[];
  /** Bare loop: the previous child's 'exit' event to the next child's 'spawn' event. */
  readonly bareFreedToSpawned: number[];
  readonly bareScriptGap: number[];
  /** Bare: spawn() called to the script's first statement (Node's own start-up). */
  readonly bareCallToScriptStart: number[];
  /** Tundra: the previous script's last statement to its 'exit' event in Tundra's process. */
  readonly tundraEndToExitEvent: number[];
  readonly bareEndToExitEvent: number[];
  readonly tundraSeconds: number;
  readonly bareSeconds: number;
}

const ARGV_TAIL = ['--x=0.5'];

interface LoopRun {
  readonly times: SpawnTimes[];
  readonly clocks: ScriptClock[];
}

/** Spawns the trial script `count` times in a row, the next as soon as the previous exits. */
function bareLoop(instantTrial: string, count: number, dir: string): Promise<LoopRun> {
  mkdirSync(dir, { recursive: true });
  const stdoutFd = openSync(path.join(dir, 'stdout.log'), 'a');
  const stderrFile = path.join(dir, 'stderr.log');
  const stderrFd = openSync(stderrFile, 'a');
  // The environment a Tundra trial gets, near enough: its size is part of what exec copies.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TUNDRA_PARAMS: '{"x":0.5}',
    TUNDRA_PARAMS_FILE: path.join(dir, 'params.json'),
    TUNDRA_TRIAL_ID: '1',
    TUNDRA_TRIAL_NUMBER: '1',
    TUNDRA_TRIAL_DIR: dir,
    TUNDRA_CHECKPOINT_DIR: path.join(dir, 'checkpoints'),
    TUNDRA_CONTROL: 'stdin',
    PYTHONUNBUFFERED: '1',
  };
  const times: SpawnTimes[] = [];
  return new Promise<LoopRun>((resolve, reject) => {
    const next = (index: number) => {
      if (index === count) {
        closeSync(stdoutFd);
        closeSync(stderrFd);
        resolve({ times, clocks: parseScriptClocks(readFileSync(stderrFile, 'utf8')) });
        return;
      }
      const called = process.hrtime.bigint();
      // The options main/runner/trial-process.ts uses: stdin a pipe, output to files, own group.
      const child = realSpawn(process.execPath, [instantTrial, ...ARGV_TAIL], {
        cwd: repoRoot,
        env,
        stdio: ['pipe', stdoutFd, stderrFd],
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
      const entry: SpawnTimes = { called, returned: process.hrtime.bigint() };
      times.push(entry);
      child.stdin?.on('error', () => undefined);
      child.once('spawn', () => (entry.spawned = process.hrtime.bigint()));
      child.once('error', reject);
      child.once('exit', (code, signal) => {
        entry.exited = process.hrtime.bigint();
        if (code !== 0) reject(new Error(`bare trial exited with ${code ?? signal}`));
        else next(index + 1);
      });
    };
    next(0);
  });
}

/** Consecutive pairs: from the previous run's `from` to the next run's `to`, in ms. */
function gaps<T>(runs: readonly T[], from: (previous: T) => bigint | undefined, to: (next: T) => bigint | undefined): number[] {
  const out: number[] = [];
  for (let i = 1; i < runs.length; i++) {
    const a = from(runs[i - 1]!);
    const b = to(runs[i]!);
    if (a !== undefined && b !== undefined) out.push(msBetween(a, b));
  }
  return out;
}

function within<T>(runs: readonly T[], from: (run: T) => bigint | undefined, to: (run: T) => bigint | undefined): number[] {
  const out: number[] = [];
  for (const run of runs) {
    const a = from(run);
    const b = to(run);
    if (a !== undefined && b !== undefined) out.push(msBetween(a, b));
  }
  return out;
}

async function tundraRun(instantTrial: string, count: number, dir: string): Promise<LoopRun> {
  const backend = createBackend({ databaseFile: path.join(dir, 'tundra.db'), recover: 'none' });
  const times: SpawnTimes[] = [];
  try {
    const id = createExperiment(backend.store, {
      command: [process.execPath, instantTrial, '--x={x}'],
      objective: { metric: 'val_loss', mode: 'min' },
      budget: { trials: count, parallel: 1 },
    });
    const restore = spySpawns(times);
    try {
      const started = backend.scheduler.start(id);
      if (!started.ok) throw new Error(started.error.message);
      const done = await backend.scheduler.whenFinished(id);
      if (done.state !== 'completed' || done.counts.completed !== count) {
        throw new Error(`dispatch experiment ended ${done.state} with ${done.counts.completed}/${count} trials completed: ${done.message ?? ''}`);
      }
    } finally {
      restore();
    }
    if (times.length !== count) throw new Error(`expected ${count} spawns through the runner, saw ${times.length} (the spawn spy did not take?)`);
    const trials = backend.store.trials.listByExperiment(id).sort((a, b) => a.number - b.number);
    const clocks = trials.map((trial) => {
      const clock = parseScriptClocks(readFileSync(path.join(trial.dir, 'stderr.log'), 'utf8'))[0];
      if (!clock) throw new Error(`trial ${trial.number} left no bench-clock line in its stderr.log`);
      return clock;
    });
    return { times, clocks };
  } finally {
    await backend.close();
  }
}

export async function measureDispatch(instantTrial: string, count: number, dir: string): Promise<DispatchResult> {
  await bareLoop(instantTrial, 5, path.join(dir, 'warm-up'));
  const half = Math.ceil(count / 2);
  let started = performance.now();
  const bareBefore = await bareLoop(instantTrial, half, path.join(dir, 'bare-1'));
  let bareSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const tundra = await tundraRun(instantTrial, count, path.join(dir, 'tundra'));
  const tundraSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  // The bare loop runs before and after Tundra, so drift in the machine's load hits both alike.
  const bareAfter = await bareLoop(instantTrial, count - half, path.join(dir, 'bare-2'));
  bareSeconds += (performance.now() - started) / 1000;
  const bare = [bareBefore, bareAfter];

  const exited = (t: SpawnTimes) => t.exited;
  const spawned = (t: SpawnTimes) => t.spawned;
  return {
    trials: count,
    tundraFreedToSpawned: gaps(tundra.times, exited, spawned),
    tundraFreedToCall: gaps(tundra.times, exited, (t) => t.called),
    tundraCallToSpawned: within(tundra.times, (t) => t.called, spawned),
    tundraScriptGap: gaps(tundra.clocks, (c) => c.end, (c) => c.start),
    bareCallToSpawned: bare.flatMap((run) => within(run.times, (t) => t.called, spawned)),
    bareFreedToSpawned: bare.flatMap((run) => gaps(run.times, exited, spawned)),
    bareScriptGap: bare.flatMap((run) => gaps(run.clocks, (c) => c.end, (c) => c.start)),
    bareCallToScriptStart: bare.flatMap((run) => run.times.map((t, i) => msBetween(t.called, run.clocks[i]!.start))),
    tundraEndToExitEvent: tundra.times.map((t, i) => (t.exited === undefined ? Number.NaN : msBetween(tundra.clocks[i]!.end, t.exited))),
    bareEndToExitEvent: bare.flatMap((run) => run.times.map((t, i) => (t.exited === undefined ? Number.NaN : msBetween(run.clocks[i]!.end, t.exited)))),
    tundraSeconds,
    bareSeconds,
  };
}
