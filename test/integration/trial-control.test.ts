import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiArgs, ApiResult, Channel } from '../../shared/api';
import type { Experiment } from '../../shared/domain';
import { parseExperimentFile, type ExperimentFileInput } from '../../shared/experiment-file';
import { experimentYaml, openTestBackend, waitFor, type TestBackend } from '../support/backend';
import { checkpointingTrainer, plainPrinter, repoRoot, trainerFixture } from '../support/paths';

/** Pause, freeze, thaw, retry, clone, watchdogs and budgets, with real processes and a real SQLite file. */

const open: TestBackend[] = [];
afterEach(async () => {
  for (const backend of open.splice(0)) await backend.close();
});

function backend(): TestBackend {
  const created = openTestBackend({ stopGraceMs: 500 });
  open.push(created);
  return created;
}

function startFixture(b: TestBackend, flags: string[], file: Partial<ExperimentFileInput> = {}): Experiment {
  const yaml = experimentYaml({ command: ['python3', trainerFixture, '--scale={x}', ...flags], ...file });
  const parsed = parseExperimentFile(yaml);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const id = b.store.experiments.create({ spec: { ...parsed.value, workdir: repoRoot, search: { algorithm: 'random', seed: 1 } }, sourceYaml: yaml }, Date.now());
  const started = b.scheduler.start(id);
  if (!started.ok) throw new Error(started.error.message);
  return started.value;
}

const trials = (b: TestBackend, experimentId: number) => b.store.trials.listByExperiment(experimentId);
const trial = (b: TestBackend, id: number) => b.store.trials.require(id);
const firstTrial = (b: TestBackend, experimentId: number) => trials(b, experimentId)[0]!;

/** The process state letter from /proc (R, S, T = stopped, Z); null when gone. */
function processState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

async function call<K extends Channel>(b: TestBackend, channel: K, args: ApiArgs<K>): Promise<ApiResult<K>> {
  const reply = await b.dispatch(channel, args);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
  return reply.value as ApiResult<K>;
}

describe.skipIf(process.platform === 'win32')('trial control with real processes', () => {
  it('pause suspends the process tree in memory and resume continues it to completion', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--steps=12', '--sleep=0.1']);
    const running = await waitFor(() => firstTrial(b, experiment.id).lastStep !== null && firstTrial(b, experiment.id), 10_000, 'a first report');
    await call(b, 'trials/pause', { trialId: running.id });
    expect(trial(b, running.id).state).toBe('paused');
    await waitFor(() => processState(running.pid!) === 'T', 5000, 'the process to be stopped');
    // What it printed just before the signal is still being read and flushed; let that settle.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stepWhenPaused = trial(b, running.id).lastStep;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(trial(b, running.id).lastStep).toBe(stepWhenPaused);
    await call(b, 'trials/resume', { trialId: running.id });
    expect(trial(b, running.id).state).toBe('running');
    const done = await b.scheduler.whenFinished(experiment.id);
    expect(done.state).toBe('completed');
    expect(trial(b, running.id)).toMatchObject({ state: 'completed', lastStep: 11 });
    const events = (await call(b, 'trials/events', { trialId: running.id })).map((e) => e.message);
    expect(events.some((m) => /paused/.test(m))).toBe(true);
    expect(events.some((m) => /resumed/.test(m))).toBe(true);
  });

  it('freezing a script without checkpoint support frees its slot; thaw restarts it from step 0 and it completes', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--steps=30', '--sleep=0.05'], { budget: { trials: 2, parallel: 1 }, faults: { freeze_grace: 1 } });
    const first = await waitFor(() => (firstTrial(b, experiment.id).lastStep ?? -1) >= 2 && firstTrial(b, experiment.id), 10_000, 'step 2');
    await call(b, 'trials/freeze', { trialId: first.id });
    const frozen = await waitFor(() => trial(b, first.id).state === 'frozen' && trial(b, first.id), 10_000, 'frozen');
    expect(frozen.message).toMatch(/without a checkpoint: thaw restarts it from step 0/);
    expect(processState(first.pid!)).toBeNull();
    // Its slot went to the next trial.
    await waitFor(() => trials(b, experiment.id).length === 2 && trials(b, experiment.id)[1]!.state === 'running', 10_000, 'the next trial');
    await b.scheduler.whenFinished(experiment.id);
    expect(b.store.experiments.get(experiment.id)!.message).toMatch(/1 trial\(s\) still frozen/);

    const thawed = await call(b, 'trials/thaw', { trialId: first.id });
    expect(thawed).toMatchObject({ thaws: 1 });
    const done = await b.scheduler.whenFinished(experiment.id);
    expect(done.state).toBe('completed');
    expect(trial(b, first.id)).toMatchObject({ state: 'completed', lastStep: 29, thaws: 1 });
    const events = (await call(b, 'trials/events', { trialId: first.id })).map((e) => e.message);
    expect(events.some((m) => /thawed without a checkpoint: restarting from step 0/.test(m))).toBe(true);
    // The curve is whole: every step once.
    expect(b.store.metrics.listByTrial(first.id).map((p) => p.step)).toEqual([...Array(30).keys()]);
  });

  it('a script using the helper checkpoints when frozen and resumes from its checkpoint on thaw, curve continuing', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--steps=40', '--sleep=0.05'], { command: ['python3', checkpointingTrainer, '--scale={x}', '--steps=40', '--sleep=0.05'] });
    const first = await waitFor(() => (firstTrial(b, experiment.id).lastStep ?? -1) >= 5 && firstTrial(b, experiment.id), 10_000, 'step 5');
    const freezeAsked = Date.now();
    await call(b, 'trials/freeze', { trialId: first.id });
    const frozen = await waitFor(() => trial(b, first.id).state === 'frozen' && trial(b, first.id), 10_000, 'frozen');
    // It obeyed the control line at once, far inside the 30 s grace period.
    expect(Date.now() - freezeAsked).toBeLessThan(5000);
    expect(frozen.exitCode).toBe(0);
    expect(frozen.message).toMatch(/checkpoint saved; thaw resumes from it/);
    const frozenAt = frozen.lastStep!;
    await b.scheduler.whenFinished(experiment.id);

    await call(b, 'trials/thaw', { trialId: first.id });
    await b.scheduler.whenFinished(experiment.id);
    const done = trial(b, first.id);
    expect(done).toMatchObject({ state: 'completed', lastStep: 39, thaws: 1 });
    expect(readFileSync(path.join(done.dir, 'stdout.log'), 'utf8')).toContain(`resumed from step ${frozenAt}`);
    const events = (await call(b, 'trials/events', { trialId: first.id })).map((e) => e.message);
    expect(events.some((m) => /thawed from its checkpoint/.test(m))).toBe(true);
    // One curve, every step once, values as an uninterrupted run would give.
    const points = b.store.metrics.listByTrial(first.id);
    expect(points.map((p) => p.step)).toEqual([...Array(40).keys()]);
    const scale = done.params.x as number;
    for (const p of points) expect(p.value).toBeCloseTo(scale / (p.step + 1), 12);
  });

  it('thaw --until-step runs a trial on to that step and freezes it again', async () => {
    const b = backend();
    // The fixture ignores control lines, so a freeze takes the grace period, then SIGTERM.
    const experiment = startFixture(b, ['--steps=200', '--sleep=0.03'], { faults: { freeze_grace: 0.2 } });
    const first = await waitFor(() => (firstTrial(b, experiment.id).lastStep ?? -1) >= 1 && firstTrial(b, experiment.id), 10_000, 'step 1');
    await call(b, 'trials/freeze', { trialId: first.id });
    await waitFor(() => trial(b, first.id).state === 'frozen', 10_000, 'frozen');
    await b.scheduler.whenFinished(experiment.id);
    const untilStep = trial(b, first.id).lastStep! + 10;
    await call(b, 'trials/thaw', { trialId: first.id, untilStep });
    await waitFor(() => trial(b, first.id).state === 'frozen' && trial(b, first.id).thaws === 1, 15_000, 'frozen again');
    // Restarted from 0 (no checkpoint), ran to the step, then froze (within the grace period's steps).
    expect(trial(b, first.id).lastStep).toBeGreaterThanOrEqual(untilStep);
    expect(trial(b, first.id).lastStep).toBeLessThan(untilStep + 30);
    const events = (await call(b, 'trials/events', { trialId: first.id })).map((e) => e.message);
    expect(events.some((m) => m.includes(`reached step ${untilStep}`) || /thaw --until-step/.test(m))).toBe(true);
  });

  it('retry runs the same configuration as a new trial that does not take a budget place; clone checks edited params', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--steps=3', '--crash-at=1'], { budget: { trials: 1, parallel: 1 } });
    await b.scheduler.whenFinished(experiment.id);
    const failed = firstTrial(b, experiment.id);
    expect(failed.state).toBe('failed');
    const retried = await call(b, 'trials/retry', { trialId: failed.id });
    expect(retried).toMatchObject({ number: 2, retryOf: failed.id, params: failed.params });
    await b.scheduler.whenFinished(experiment.id);
    expect(trials(b, experiment.id)).toHaveLength(2);

    const bad = await b.dispatch('trials/clone', { trialId: failed.id, params: { x: 5 } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/params\.x: 5 is outside 0\.\.1/);
    const unknown = await b.dispatch('trials/clone', { trialId: failed.id, params: { y: 0.5 } });
    expect(!unknown.ok && unknown.error.message).toMatch(/params\.y: not a parameter/);
    const clone = await call(b, 'trials/clone', { trialId: failed.id, params: { x: 0.25 } });
    expect(clone).toMatchObject({ number: 3, params: { x: 0.25 }, retryOf: null });
  });

  it('clone refuses params off their step or against the when structure, naming the parameter', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--steps=1'], {
      command: ['python3', trainerFixture, '--steps=1', '--kind={kind}', '--y={y}'],
      space: { kind: { type: 'categorical', choices: ['a', 'b'] }, y: { type: 'float', low: 0, high: 1, step: 0.25, when: { kind: 'a' } } },
    });
    await b.scheduler.whenFinished(experiment.id);
    const source = firstTrial(b, experiment.id);
    const problem = async (params: Record<string, string | number>) => {
      const reply = await b.dispatch('trials/clone', { trialId: source.id, params });
      return reply.ok ? null : reply.error.message;
    };
    expect(await problem({ kind: 'a', y: 0.3 })).toMatch(/params\.y: 0\.3 is not on its step of 0\.25/);
    expect(await problem({ kind: 'b', y: 0.25 })).toMatch(/params\.y: inactive for this configuration/);
    expect(await problem({ kind: 'a' })).toMatch(/params\.y: required for this configuration/);
    expect(await problem({ kind: 'a', y: 0.75 })).toBeNull();
  });

  it('a crashed trial is retried faults.retries times, then counts as failed', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--steps=3', '--crash-at=1'], { faults: { retries: 2 } });
    const done = await b.scheduler.whenFinished(experiment.id);
    const all = trials(b, experiment.id);
    expect(all).toHaveLength(3);
    expect(all.map((t) => t.retryOf)).toEqual([null, all[0]!.id, all[1]!.id]);
    expect(all.every((t) => t.state === 'failed')).toBe(true);
    expect(all[0]!.message).toMatch(/retrying \(attempt 2 of 3\)/);
    expect(all[2]!.message).not.toMatch(/retrying/);
    expect(done.state).toBe('failed');
  });

  it('the hang watchdog stops a trial that stops reporting, with its reason', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--steps=5', '--hang'], { faults: { report_timeout: 1 } });
    await b.scheduler.whenFinished(experiment.id);
    expect(firstTrial(b, experiment.id)).toMatchObject({ state: 'failed', message: expect.stringMatching(/^hung: reported nothing for faults.report_timeout \(1s\)/) });
  });

  it('a trial over budget.trial_timeout is stopped as timed out', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--steps=200', '--sleep=0.05'], { budget: { trials: 1, parallel: 1, trial_timeout: '1s' } });
    await b.scheduler.whenFinished(experiment.id);
    expect(firstTrial(b, experiment.id)).toMatchObject({ state: 'failed', message: expect.stringMatching(/timed out/) });
  });

  it('budget.max_steps ends the experiment as completed, saying which budget it reached', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--steps=100', '--sleep=0.02'], { budget: { trials: 10, parallel: 2, max_steps: 30 } });
    const done = await b.scheduler.whenFinished(experiment.id);
    expect(done).toMatchObject({ state: 'completed', message: expect.stringMatching(/reached budget.max_steps \(30 steps\)/) });
    expect(trials(b, experiment.id).length).toBeLessThan(10);
  });

  it('pause all, freeze all and resume act on every trial of an experiment; the budget can be raised while it runs', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--steps=25', '--sleep=0.05'], { budget: { trials: 3, parallel: 1 }, faults: { freeze_grace: 1 } });
    await waitFor(() => firstTrial(b, experiment.id).lastStep !== null, 10_000, 'a first report');
    const raised = await call(b, 'experiments/update-budget', { experimentId: experiment.id, budget: { parallel: 2 } });
    expect(raised.spec.budget.parallel).toBe(2);
    await waitFor(() => trials(b, experiment.id).filter((t) => t.state === 'running').length === 2, 10_000, 'two running');

    expect((await call(b, 'experiments/pause', { experimentId: experiment.id })).state).toBe('paused');
    const live = trials(b, experiment.id).filter((t) => t.state === 'paused');
    expect(live).toHaveLength(2);
    await waitFor(() => live.every((t) => processState(t.pid!) === 'T'), 5000, 'stopped processes');

    await call(b, 'experiments/freeze', { experimentId: experiment.id });
    await waitFor(() => trials(b, experiment.id).filter((t) => t.state === 'frozen').length === 2, 10_000, 'two frozen');
    expect(b.store.experiments.get(experiment.id)!.state).toBe('paused');
    expect(trials(b, experiment.id).filter((t) => t.state === 'running')).toHaveLength(0);

    await call(b, 'experiments/resume', { experimentId: experiment.id });
    const done = await b.scheduler.whenFinished(experiment.id);
    expect(done.state).toBe('completed');
    expect(done.counts).toMatchObject({ completed: 3, frozen: 0 });
  });

  it('refuses controls that do not apply, naming the state', async () => {
    const b = backend();
    const experiment = startFixture(b, ['--steps=2']);
    await b.scheduler.whenFinished(experiment.id);
    const done = firstTrial(b, experiment.id);
    const pause = await b.dispatch('trials/pause', { trialId: done.id });
    expect(!pause.ok && pause.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/is completed; only a running trial can be paused/) });
    const thaw = await b.dispatch('trials/thaw', { trialId: done.id });
    expect(!thaw.ok && thaw.error.message).toMatch(/only a frozen, interrupted or stopped trial can be thawed/);
    const budget = await b.dispatch('experiments/update-budget', { experimentId: experiment.id, budget: {} });
    expect(!budget.ok && budget.error.code).toBe('invalid-arguments');
  });
});

describe('metrics from plain output (metrics.patterns)', () => {
  it('reads named metrics from an unmodified script by default, and from a user regex with named groups', async () => {
    const b = backend();
    const base = {
      command: ['python3', plainPrinter, '--lr={x}', '--epochs=5'],
      objective: { metric: 'val_loss', mode: 'min' as const },
      space: { x: { type: 'float' as const, low: 0.01, high: 0.1 } },
    };
    const byDefault = startFixture(b, [], base);
    await b.scheduler.whenFinished(byDefault.id);
    const first = firstTrial(b, byDefault.id);
    expect(first.state).toBe('completed');
    const points = b.store.metrics.listByTrial(first.id);
    // Only the objective by default (lr= is a flag echo, not a curve); steps from "epoch K".
    expect(new Set(points.map((p) => p.name))).toEqual(new Set(['val_loss']));
    expect(points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    const x = first.params.x as number;
    expect(first.value).toBeCloseTo((x * 10) / 5, 4);

    const custom = startFixture(b, [], {
      ...base,
      metrics: { patterns: ['^epoch (?<step>\\d+) train_loss: (?<train_loss>\\S+) val_loss: (?<val_loss>\\S+)'] },
    });
    await b.scheduler.whenFinished(custom.id);
    const second = firstTrial(b, custom.id);
    expect(new Set(b.store.metrics.listByTrial(second.id).map((p) => p.name))).toEqual(new Set(['train_loss', 'val_loss']));
    expect(second.state).toBe('completed');
  });

  it('refuses a broken pattern before anything runs, naming the field and the fix', () => {
    const parsed = parseExperimentFile(experimentYaml({ command: ['python3', plainPrinter], metrics: { patterns: ['epoch (\\d+'] } }));
    expect(!parsed.ok && parsed.error.message).toMatch(/metrics\.patterns\[0\]: not a valid regular expression/);
  });
});
