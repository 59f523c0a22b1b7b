import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Experiment, Trial } from '../../shared/domain';
import { parseExperimentFile } from '../../shared/experiment-file';
import { experimentYaml, openTestBackend, waitFor, type TestBackend } from '../support/backend';
import { repoRoot, trainerFixture } from '../support/paths';

const open: TestBackend[] = [];
afterEach(async () => {
  for (const backend of open.splice(0)) await backend.close();
});

function backend(stopGraceMs?: number): TestBackend {
  const created = openTestBackend(stopGraceMs === undefined ? {} : { stopGraceMs });
  open.push(created);
  return created;
}

/** Creates and starts an experiment that runs the trainer fixture with `flags`. */
function startFixture(b: TestBackend, flags: string[], extra: { trials?: number; parallel?: number; program?: string } = {}): Experiment {
  const yaml = experimentYaml({
    command: [extra.program ?? 'python3', trainerFixture, '--scale={x}', ...flags],
    budget: { trials: extra.trials ?? 1, parallel: extra.parallel ?? 1 },
  });
  const created = b.store.experiments.create(
    { spec: { ...parse(yaml), workdir: repoRoot, search: { algorithm: 'random', seed: 1 } }, sourceYaml: yaml },
    Date.now(),
  );
  const started = b.scheduler.start(created);
  if (!started.ok) throw new Error(started.error.message);
  return started.value;
}

/** Through the real validation path, as the API would. */
function parse(yaml: string) {
  const result = parseExperimentFile(yaml);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function onlyTrial(b: TestBackend, experimentId: number): Trial {
  const trials = b.store.trials.listByExperiment(experimentId);
  expect(trials).toHaveLength(1);
  return trials[0]!;
}

describe('trial faults with real processes', () => {
  it('a crashing script gives a failed trial with its exit code and log tail, and keeps its metrics', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--steps=5', '--crash-at=3']);
    const finished = await b.scheduler.whenFinished(experiment.id);
    const trial = onlyTrial(b, experiment.id);
    expect(trial.state).toBe('failed');
    expect(trial.exitCode).toBe(3);
    expect(trial.message).toMatch(/^exited with code 3; last output:\n[\s\S]*fixture crashed at step 3/);
    expect(b.store.metrics.listByTrial(trial.id).map((p) => p.step)).toEqual([0, 1, 2]);
    expect(finished.state).toBe('failed');
    expect(finished.message).toMatch(/every trial failed; the first: exited with code 3/);
  });

  it('a missing interpreter is refused at start with a clear error and nothing runs', () => {
    const b = backend();
    const yaml = experimentYaml({ command: ['python3-no-such-interpreter', 'train.py'] });
    const id = b.store.experiments.create({ spec: { ...parse(yaml), workdir: repoRoot, search: { algorithm: 'random', seed: 1 } }, sourceYaml: yaml }, 1);
    const started = b.scheduler.start(id);
    expect(started.ok).toBe(false);
    if (started.ok) return;
    expect(started.error.code).toBe('invalid-experiment');
    expect(started.error.message).toMatch(/command\[0\] "python3-no-such-interpreter" was not found on PATH; install it, or write its full path/);
    expect(started.error.issues?.[0]?.path).toBe('command[0]');
    expect(b.store.experiments.get(id)?.state).toBe('draft');
    expect(b.store.trials.listByExperiment(id)).toEqual([]);
  });

  it('stopping a trial kills its whole process tree, children included', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--spawn-child', '--hang']);
    const trial = await waitFor(() => b.store.trials.listByExperiment(experiment.id).find((t) => t.state === 'running'), 10_000, 'a running trial');
    const childPid = await waitFor(() => {
      const match = /child-pid (\d+)/.exec(readLog(trial.dir));
      return match ? Number(match[1]) : undefined;
    }, 10_000, 'the fixture to print its child pid');
    expect(isAlive(childPid)).toBe(true);
    expect(b.scheduler.stopTrial(trial.id).ok).toBe(true);
    await b.scheduler.whenFinished(experiment.id);
    expect(b.store.trials.require(trial.id)).toMatchObject({ state: 'stopped', message: 'stopped by user' });
    await waitFor(() => !isAlive(childPid), 5000, 'the child process to be gone');
    expect(groupHasLiveMembers(trial.pid!)).toBe(false);
  });

  it('a script that ignores SIGTERM is killed after the grace period', async () => {
    const b = backend(300);
    const experiment = startFixture(b, ['--ignore-sigterm', '--hang']);
    const trial = await waitFor(() => b.store.trials.listByExperiment(experiment.id).find((t) => t.lastStep !== null), 10_000, 'a first report');
    const stoppedAt = Date.now();
    b.scheduler.stopExperiment(experiment.id);
    const finished = await b.scheduler.whenFinished(experiment.id);
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(250);
    expect(finished.state).toBe('stopped');
    expect(b.store.trials.require(trial.id).state).toBe('stopped');
    expect(groupHasLiveMembers(trial.pid!)).toBe(false);
  });

  it('a NaN objective fails the trial as diverged, keeping the finite points it reported', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--steps=5', '--nan']);
    await b.scheduler.whenFinished(experiment.id);
    const trial = onlyTrial(b, experiment.id);
    expect(trial.state).toBe('failed');
    expect(trial.message).toMatch(/^val_loss became NaN or infinite at step 1: the run diverged/);
    const warnings = b.store.events.listByExperiment(experiment.id).filter((e) => e.kind === 'warning').map((e) => e.message);
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/val_loss is not a finite number \(NaN\)/), expect.stringMatching(/\(null\)/)]));
    expect(b.store.metrics.listByTrial(trial.id).every((p) => Number.isFinite(p.value))).toBe(true);
  });

  it('garbage, undecodable and huge lines become warnings while good reports are kept', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--steps=4', '--garbage', '--oversize']);
    await b.scheduler.whenFinished(experiment.id);
    const trial = onlyTrial(b, experiment.id);
    expect(trial.state).toBe('completed');
    const warnings = b.store.events.listByExperiment(experiment.id).filter((e) => e.kind === 'warning').map((e) => e.message);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/not valid JSON/),
        expect.stringMatching(/val_loss must be a number, got "abc"/),
        'an @tundra line longer than 1 MiB was ignored',
      ]),
    );
    const points = b.store.metrics.listByTrial(trial.id).filter((p) => p.name === 'val_loss');
    expect(points.every((p) => Number.isFinite(p.value))).toBe(true);
    expect(points.length).toBeGreaterThanOrEqual(3);
  });

  it('passes parameters through argv and the environment, with the helper on PYTHONPATH', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--print-env', '--steps=1']);
    await b.scheduler.whenFinished(experiment.id);
    const trial = onlyTrial(b, experiment.id);
    const log = readLog(trial.dir);
    const params = JSON.parse(/env TUNDRA_PARAMS=(.*)/.exec(log)![1]!) as Record<string, number>;
    expect(params).toEqual(trial.params);
    expect(log).toContain(`env TUNDRA_TRIAL_ID=${trial.id}`);
    expect(log).toContain(`env TUNDRA_TRIAL_DIR=${trial.dir}`);
    const argv = JSON.parse(/argv (.*)/.exec(log)![1]!) as string[];
    expect(argv).toContain(`--scale=${String(params.x)}`);
    expect(JSON.parse(readFileSync(path.join(trial.dir, 'params.json'), 'utf8'))).toEqual(trial.params);
  });

  it('thousands of bad @tundra lines store the first warnings and a count, not one row each', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--steps=3', '--bad-lines=5000']);
    const finished = await b.scheduler.whenFinished(experiment.id);
    expect(finished.state).toBe('completed');
    const warnings = b.store.events.listByExperiment(experiment.id).filter((e) => e.kind === 'warning');
    expect(warnings.length).toBe(102);
    expect(warnings.at(-1)!.message).toBe('5000 warnings in all (4900 not stored)');
  });

  it('a flood of output is logged without stalling, and the trial still completes', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--flood=200000', '--steps=2']);
    await b.scheduler.whenFinished(experiment.id);
    const trial = onlyTrial(b, experiment.id);
    expect(trial.state).toBe('completed');
    expect(readLog(trial.dir).split('\n').length).toBeGreaterThan(200_000);
  });

  it('a script that exits 0 without reporting the objective fails with a message saying how to report it', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--metric=other', '--steps=2']);
    await b.scheduler.whenFinished(experiment.id);
    const trial = onlyTrial(b, experiment.id);
    expect(trial.state).toBe('failed');
    expect(trial.message).toMatch(/never reported val_loss; print @tundra/);
  });

  it('stopping an experiment stops its trials, and starting it again finishes the budget', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--steps=200', '--sleep=0.05'], { trials: 3, parallel: 2 });
    await waitFor(() => b.store.trials.listInState(experiment.id, ['running']).length === 2, 10_000, 'two running trials');
    expect(b.scheduler.stopExperiment(experiment.id).ok).toBe(true);
    const stopped = await b.scheduler.whenFinished(experiment.id);
    expect(stopped.state).toBe('stopped');
    expect(stopped.counts).toMatchObject({ stopped: 2, running: 0 });
    // Stopped trials count against the budget: one more to go.
    const restarted = b.scheduler.start(experiment.id);
    expect(restarted.ok).toBe(true);
    const running = await waitFor(() => b.store.trials.listInState(experiment.id, ['running'])[0], 10_000, 'the third trial');
    expect(running.number).toBe(3);
    b.scheduler.stopTrial(running.id);
    expect((await b.scheduler.whenFinished(experiment.id)).state).toBe('completed');
  });

  it('after Tundra went away, dead trials are marked interrupted (not using up the budget) and the experiment carries on', async () => {
    const first = backend();
    const experiment = startFixture(first, ['--steps=3']);
    await first.scheduler.whenFinished(experiment.id);
    // What a killed app leaves behind: rows that still say running.
    first.store.db.prepare("UPDATE experiments SET state = 'running' WHERE id = ?").run(experiment.id);
    first.store.db.prepare("UPDATE trials SET state = 'running' WHERE experiment_id = ?").run(experiment.id);
    const file = first.databaseFile;
    await first.close();
    open.splice(open.indexOf(first), 1);
    const second = openTestBackend({ databaseFile: file });
    open.push(second);
    const [interrupted] = second.store.trials.listByExperiment(experiment.id);
    expect(interrupted).toMatchObject({ state: 'interrupted', message: expect.stringMatching(/thaw resumes it/) });
    expect(second.store.metrics.listByTrial(interrupted!.id)).toHaveLength(3);
    // It was running when Tundra went away, so it runs on: a new trial takes the free place.
    expect(second.store.experiments.get(experiment.id)!.state).toBe('running');
    const done = await second.scheduler.whenFinished(experiment.id);
    expect(done.counts).toMatchObject({ completed: 1, interrupted: 1 });
  });
});

function readLog(dir: string): string {
  try {
    return readFileSync(path.join(dir, 'stdout.log'), 'utf8');
  } catch {
    return '';
  }
}

/** Alive and not a zombie: an orphan's zombie lingers until init reaps it, but it runs nothing. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

/** Whether any live (non-zombie) process is still in process group `pgid` (Linux /proc). */
function groupHasLiveMembers(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name: state ppid pgrp ...
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(group) === pgid && state !== 'Z' && state !== 'X') return true;
    } catch {
      // The process ended while we looked.
    }
  }
  return false;
}
