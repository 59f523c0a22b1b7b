import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createBackend } from '../../main/backend';
import { pythonHelperDir } from '../../main/paths';
import { resolveProgram } from '../../main/runner/resolve-command';
import { CONTROL_PREFIX } from '../../main/runner/trial-process';
import { checkpointingTrainer, createExperiment, repoRoot } from './experiment';
import { realSpawn, spySpawns, type SpawnTimes } from './spawn-spy';
import { msBetween, pollUntil } from './stats';

/**
 * Freeze and thaw of a trial that checkpoints through the Python helper
 * (test/fixtures/checkpointing-trainer.py), through the real scheduler: freezeTrial to the trial
 * being `frozen` in the database (its process gone, its slot free), and thawTrial to its first new
 * metric point in the database. Baselines: the same script run bare, a freeze control line written
 * to its stdin to its exit, and a bare relaunch with TUNDRA_RESUME=1 to its first report on a pipe.
 */
export interface FreezeThawResult {
  readonly cycles: number;
  readonly stepMs: number;
  readonly freezeMs: number[];
  readonly thawMs: number[];
  /** thawTrial to the runner calling spawn() (the experiment is restarted: budget.trials is 1). */
  readonly thawToSpawnMs: number[];
  /** thawTrial to the first new line being parsed (the point's stored `time`, whole ms). */
  readonly thawToParsedMs: number[];
  /** Thaws whose first new step was the one after the last stored step (resumed from the checkpoint). */
  readonly exactResumes: number;
  readonly bareFreezeMs: number[];
  readonly bareThawMs: number[];
  readonly pythonStartMs: number[];
}

const STEPS = 100_000_000;
const POLL_MS = 5;

const now = () => performance.now();

function python(): string {
  const resolved = resolveProgram(process.env.BENCH_PYTHON ?? 'python3', repoRoot, process.env);
  if (!resolved.ok) throw new Error(resolved.message);
  return resolved.program;
}

async function tundraCycles(
  cycles: number,
  stepMs: number,
  dir: string,
): Promise<Pick<FreezeThawResult, 'freezeMs' | 'thawMs' | 'exactResumes' | 'thawToSpawnMs' | 'thawToParsedMs'>> {
  const spawns: SpawnTimes[] = [];
  const restore = spySpawns(spawns);
  const backend = createBackend({ databaseFile: path.join(dir, 'tundra.db'), recover: 'none' });
  try {
    const id = createExperiment(backend.store, {
      command: [python(), checkpointingTrainer, `--steps=${STEPS}`, `--sleep=${stepMs / 1000}`, '--scale={x}'],
      objective: { metric: 'val_loss', mode: 'min' },
      budget: { trials: 1, parallel: 1 },
      faults: { freeze_grace: 10, stop_grace: 2 },
    });
    const started = backend.scheduler.start(id);
    if (!started.ok) throw new Error(started.error.message);
    const trialId = backend.store.trials.listByExperiment(id)[0]!.id;
    const lastStored = backend.store.db.prepare<[number], { step: number | null }>("SELECT max(step) AS step FROM metrics WHERE trial_id = ? AND name = 'val_loss'");
    const storedStep = () => lastStored.get(trialId)!.step;
    const firstSince = backend.store.db.prepare<[number, number], { step: number | null; time: number | null }>(
      "SELECT min(step) AS step, min(time) AS time FROM metrics WHERE trial_id = ? AND name = 'val_loss' AND time >= ?",
    );
    await pollUntil(() => storedStep() !== null, 'the first report', 30_000, POLL_MS);

    const freezeMs: number[] = [];
    const thawMs: number[] = [];
    const thawToSpawnMs: number[] = [];
    const thawToParsedMs: number[] = [];
    let exactResumes = 0;
    for (let cycle = 0; cycle < cycles; cycle++) {
      let t0 = now();
      const frozen = backend.scheduler.freezeTrial(trialId);
      if (!frozen.ok) throw new Error(`freeze: ${frozen.error.message}`);
      await pollUntil(() => backend.store.trials.require(trialId).state === 'frozen', 'the trial to be frozen', 30_000, POLL_MS);
      freezeMs.push(now() - t0);
      const message = backend.store.trials.require(trialId).message ?? '';
      if (!/checkpoint saved/.test(message)) throw new Error(`the trial froze without a checkpoint: ${message}`);

      const before = storedStep()!;
      // Points carry the millisecond they were ingested: wait for the clock to tick so that every
      // point from before the thaw is older than `since`, then look only at newer ones.
      const since = Date.now() + 1;
      while (Date.now() < since) {
        // at most a millisecond
      }
      const spawnsBefore = spawns.length;
      const thawedAt = process.hrtime.bigint();
      t0 = now();
      const thawed = backend.scheduler.thawTrial(trialId, null);
      if (!thawed.ok) throw new Error(`thaw: ${thawed.error.message}`);
      const first = await pollUntil(() => (firstSince.get(trialId, since)!.step === null ? undefined : firstSince.get(trialId, since)!), 'a report after the thaw', 30_000, POLL_MS);
      thawMs.push(now() - t0);
      thawToParsedMs.push(first.time! - since);
      const spawn = spawns[spawnsBefore];
      if (spawn) thawToSpawnMs.push(msBetween(thawedAt, spawn.called));
      if (first.step === before + 1) exactResumes += 1;
    }
    return { freezeMs, thawMs, exactResumes, thawToSpawnMs, thawToParsedMs };
  } finally {
    await backend.close('stop');
    restore();
  }
}

interface BareTrainer {
  readonly exited: Promise<number | null>;
  /** Resolves at the first @tundra line on its stdout (a pipe: no polling in between). */
  readonly firstReport: Promise<number>;
  freeze(): void;
}

function bareTrainer(program: string, stepMs: number, checkpointDir: string, resume: boolean): BareTrainer {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PYTHONPATH: pythonHelperDir(),
    PYTHONUNBUFFERED: '1',
    TUNDRA_CONTROL: 'stdin',
    TUNDRA_PARAMS: '{"x":0.5}',
    TUNDRA_TRIAL_DIR: path.dirname(checkpointDir),
    TUNDRA_CHECKPOINT_DIR: checkpointDir,
  };
  if (resume) env.TUNDRA_RESUME = '1';
  else delete env.TUNDRA_RESUME;
  const child = realSpawn(program, [checkpointingTrainer, `--steps=${STEPS}`, `--sleep=${stepMs / 1000}`, '--scale=0.5'], {
    cwd: repoRoot,
    env,
    stdio: ['pipe', 'pipe', 'inherit'],
    detached: process.platform !== 'win32',
  });
  child.stdin.on('error', () => undefined);
  let seen = '';
  const firstReport = new Promise<number>((resolve) => {
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (/^@tundra /m.test(seen)) {
        resolve(now());
        seen = '';
      }
    };
    child.stdout.on('data', onData);
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  return { exited, firstReport, freeze: () => child.stdin.write(`${CONTROL_PREFIX} ${JSON.stringify({ command: 'freeze' })}\n`) };
}

async function bareCycles(cycles: number, stepMs: number, dir: string): Promise<Pick<FreezeThawResult, 'bareFreezeMs' | 'bareThawMs'>> {
  const program = python();
  const checkpointDir = path.join(dir, 'bare', 'checkpoints');
  mkdirSync(checkpointDir, { recursive: true });
  let trainer = bareTrainer(program, stepMs, checkpointDir, false);
  await trainer.firstReport;
  const bareFreezeMs: number[] = [];
  const bareThawMs: number[] = [];
  for (let cycle = 0; cycle < cycles; cycle++) {
    let t0 = now();
    trainer.freeze();
    const code = await trainer.exited;
    bareFreezeMs.push(now() - t0);
    if (code !== 0) throw new Error(`the bare trainer exited with ${code} on a freeze request`);
    t0 = now();
    trainer = bareTrainer(program, stepMs, checkpointDir, true);
    bareThawMs.push((await trainer.firstReport) - t0);
  }
  trainer.freeze();
  await trainer.exited;
  return { bareFreezeMs, bareThawMs };
}

async function pythonStarts(count: number): Promise<number[]> {
  const program = python();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = now();
    const child = realSpawn(program, ['-c', 'pass'], { stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', () => resolve());
    });
    times.push(now() - t0);
  }
  return times;
}

export async function measureFreezeThaw(cycles: number, stepMs: number, dir: string): Promise<FreezeThawResult> {
  const pythonStartMs = await pythonStarts(cycles);
  const bare = await bareCycles(cycles, stepMs, dir);
  const tundra = await tundraCycles(cycles, stepMs, dir);
  return { cycles, stepMs, ...tundra, ...bare, pythonStartMs };
}
