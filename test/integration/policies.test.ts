import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { searcherHistory } from '../../main/scheduler/searcher-history';
import type { Experiment } from '../../shared/domain';
import { parseExperimentFile, type ExperimentFileInput } from '../../shared/experiment-file';
import { experimentYaml, openTestBackend, type TestBackend } from '../support/backend';
import { checkpointingTrainer, quickstartDir, repoRoot, trainerFixture } from '../support/paths';

/** Policies acting on real trial processes through the scheduler: stop early, freeze at rungs, promote by thawing. */

const open: TestBackend[] = [];
afterEach(async () => {
  for (const backend of open.splice(0)) await backend.close();
});

function backend(): TestBackend {
  const created = openTestBackend({ stopGraceMs: 500 });
  open.push(created);
  return created;
}

function start(b: TestBackend, file: Partial<ExperimentFileInput> & Pick<ExperimentFileInput, 'command'>, seed = 1): Experiment {
  const yaml = experimentYaml(file);
  const parsed = parseExperimentFile(yaml);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const id = b.store.experiments.create({ spec: { ...parsed.value, workdir: repoRoot, search: { algorithm: 'random', seed } }, sourceYaml: yaml }, Date.now());
  const started = b.scheduler.start(id);
  if (!started.ok) throw new Error(started.error.message);
  return started.value;
}

/** ASHA's stopping variant on the fixture whose loss is x / (step + 1): the ranking by x is the same at every step. */
const ashaStoppingOnTrainer = {
  command: ['python3', trainerFixture, '--steps=9', '--sleep=0.01', '--scale={x}'],
  space: { x: { type: 'float', low: 0.1, high: 10 } },
  budget: { trials: 9, parallel: 1 },
  resource: { max: 8, min: 1 },
  policy: { name: 'asha', eta: 3, variant: 'stopping' },
} satisfies Partial<ExperimentFileInput> & Pick<ExperimentFileInput, 'command'>;

describe('policies with real processes', () => {
  it('resource.max ends each trial at that step as completed, whatever the script would do', async () => {
    const b = backend();
    const experiment = start(b, { command: ['python3', trainerFixture, '--steps=100', '--sleep=0.01', '--scale={x}'], resource: { max: 10 } });
    await b.scheduler.whenFinished(experiment.id);
    const [trial] = b.store.trials.listByExperiment(experiment.id);
    expect(trial).toMatchObject({ state: 'completed', message: expect.stringMatching(/reached resource.max/) });
    expect(trial!.lastStep).toBeGreaterThanOrEqual(10);
    expect(trial!.lastStep).toBeLessThan(40);
  });

  it('ASHA (stopping) ends the losers at a rung; the winners run to resource.max', async () => {
    const b = backend();
    // The fixture's loss is x / (step + 1): the ranking by x is the same at every step.
    const experiment = start(b, ashaStoppingOnTrainer);
    const done = await b.scheduler.whenFinished(experiment.id);
    expect(done.state).toBe('completed');
    const trials = b.store.trials.listByExperiment(experiment.id);
    const early = trials.filter((t) => /stopped early by the asha policy/.test(t.message ?? ''));
    const full = trials.filter((t) => /reached resource.max/.test(t.message ?? ''));
    expect(early.length).toBeGreaterThan(0);
    expect(full.length).toBeGreaterThan(0);
    // Nobody stopped early was better at its last step than the best trial that ran in full.
    const bestFull = Math.min(...full.map((t) => t.params.x as number));
    expect(early.every((t) => (t.params.x as number) > bestFull)).toBe(true);
    expect(early.every((t) => (t.lastStep ?? 99) < 8)).toBe(true);
  });

  it('a trial ASHA stops is stored as stopped early: never the best trial, never a final value for the searcher', async () => {
    const b = backend();
    // Maximised, loss = x / (step + 1) falls with the steps: a loser stopped at rung 1 still shows a
    // higher value there than the winners' final ones at step 8 (the bug this guards against).
    const experiment = start(b, { ...ashaStoppingOnTrainer, objective: { metric: 'val_loss', mode: 'max' } });
    const done = await b.scheduler.whenFinished(experiment.id);
    expect(done.state).toBe('completed');
    const trials = b.store.trials.listByExperiment(experiment.id);
    const early = trials.filter((t) => t.stoppedEarly);
    const full = trials.filter((t) => t.state === 'completed' && !t.stoppedEarly);
    expect(early.length).toBeGreaterThan(0);
    expect(full.length).toBeGreaterThan(0);
    // The flag and the message agree, and only trials stopped short of resource.max carry it.
    for (const trial of trials) expect(trial.stoppedEarly).toBe(/stopped early by the asha policy/.test(trial.message ?? ''));
    expect(early.every((t) => t.state === 'completed' && (t.lastStep ?? 99) < 8)).toBe(true);
    expect(full.every((t) => /reached resource.max/.test(t.message ?? ''))).toBe(true);

    const bestFinal = full.reduce((a, t) => (t.value! > a.value! ? t : a));
    expect(early.some((t) => t.value! > bestFinal.value!)).toBe(true);
    expect(done.best).toMatchObject({ trialId: bestFinal.id, value: bestFinal.value });

    // What the searcher would learn from next: the final values, none of the rung-1 ones.
    const curves = new Map(trials.map((t) => [t.id, b.store.metrics.listByTrial(t.id).filter((p) => p.name === 'val_loss').map(({ step, value }) => ({ step, value }))]));
    const { history } = searcherHistory(trials, curves, { max: 8 });
    history.forEach((view, i) => expect(view.value).toBe(trials[i]!.stoppedEarly ? null : trials[i]!.value));
  });

  it('the median rule stops trials whose best so far is worse than the median of the others', async () => {
    const b = backend();
    const experiment = start(b, {
      command: ['python3', trainerFixture, '--steps=10', '--sleep=0.01', '--scale={x}'],
      // Spread over decades, so some curves are far above the median of the others.
      space: { x: { type: 'float', low: 0.01, high: 100, log: true } },
      budget: { trials: 10, parallel: 1 },
      resource: { max: 9 },
      policy: { name: 'median', warmup_steps: 2, min_trials: 3 },
    });
    await b.scheduler.whenFinished(experiment.id);
    const trials = b.store.trials.listByExperiment(experiment.id);
    const early = trials.filter((t) => /stopped early by the median policy/.test(t.message ?? ''));
    expect(early.length).toBeGreaterThan(0);
    // Never before warm-up, never among the first min_trials.
    expect(early.every((t) => (t.lastStep ?? 0) >= 2 && t.number > 3)).toBe(true);
    // Stored as stopped early, apart from the trials that ran to resource.max.
    for (const trial of trials) expect(trial.stoppedEarly).toBe(early.includes(trial));
    expect(early.every((t) => t.state === 'completed' && (t.lastStep ?? 99) < 9)).toBe(true);
  });

  it('ASHA (promotion) freezes trials at rungs and thaws the best from their checkpoints; curves stay continuous', async () => {
    const b = backend();
    const experiment = start(b, {
      command: ['python3', checkpointingTrainer, '--steps=40', '--sleep=0.02', '--scale={x}'],
      space: { x: { type: 'float', low: 0.1, high: 10 } },
      budget: { trials: 6, parallel: 2 },
      resource: { max: 9, min: 1 },
      policy: { name: 'asha', eta: 3, variant: 'promotion' },
      faults: { freeze_grace: 5 },
    });
    const done = await b.scheduler.whenFinished(experiment.id);
    expect(done.state).toBe('completed');
    const trials = b.store.trials.listByExperiment(experiment.id);
    const thawed = trials.filter((t) => t.thaws > 0);
    expect(thawed.length).toBeGreaterThan(0);
    // With the budget spent, the rungs are finished with what there is: someone runs to the end.
    expect(trials.some((t) => t.thaws > 0 && /reached resource.max/.test(t.message ?? ''))).toBe(true);
    const events = b.store.events.listByExperiment(experiment.id).map((e) => e.message);
    expect(events.some((m) => /promoted by asha/.test(m))).toBe(true);
    expect(events.some((m) => /thawed from its checkpoint/.test(m))).toBe(true);
    for (const trial of thawed) {
      const points = b.store.metrics.listByTrial(trial.id).filter((p) => p.name === 'val_loss');
      // Continuous: every step from 0 to the last, once, with the value an uninterrupted run gives.
      expect(points.map((p) => p.step)).toEqual([...Array(trial.lastStep! + 1).keys()]);
      for (const p of points) expect(p.value).toBeCloseTo((trial.params.x as number) / (p.step + 1), 12);
    }
  });
});

describe('freeze_thaw with real processes', () => {
  it('freezes trials forecast to lose, finishes the best, and serves every remaining trial\'s forecast band through the API', async () => {
    const b = backend();
    // loss = x / (step + 1): the same shape for every trial, so the forecast ranks them by x.
    const experiment = start(b, {
      command: ['python3', checkpointingTrainer, '--steps=60', '--sleep=0.03', '--scale={x}'],
      space: { x: { type: 'float', low: 0.1, high: 10, log: true } },
      budget: { trials: 8, parallel: 2 },
      resource: { max: 15, min: 2 },
      policy: { name: 'freeze_thaw' },
      faults: { freeze_grace: 5 },
    }, 3);
    const done = await b.scheduler.whenFinished(experiment.id);
    expect(done.state).toBe('completed');
    const trials = b.store.trials.listByExperiment(experiment.id);
    const frozen = trials.filter((t) => t.state === 'frozen');
    expect(frozen.length).toBeGreaterThan(0);
    const events = b.store.events.listByExperiment(experiment.id).map((e) => e.message);
    expect(events.some((m) => /frozen by freeze_thaw at step \d+: forecast at step 15: .*chance of beating/.test(m))).toBe(true);
    // The smallest x of all is the best configuration; it was not frozen as hopeless, and it finished.
    const best = trials.reduce((a, t) => ((t.params.x as number) < (a.params.x as number) ? t : a));
    expect(best).toMatchObject({ state: 'completed', message: expect.stringMatching(/reached resource.max/) });
    for (const trial of frozen) expect(trial.params.x as number).toBeGreaterThan(best.params.x as number);

    const reply = await b.dispatch('trials/forecasts', { experimentId: experiment.id });
    if (!reply.ok) throw new Error(reply.error.message);
    const forecasts = reply.value as { trialId: number; final: { step: number; median: number; low: number; high: number }; path: { step: number }[] }[];
    expect(forecasts.map((f) => f.trialId).sort()).toEqual(frozen.map((t) => t.id).sort());
    for (const forecast of forecasts) {
      const trial = frozen.find((t) => t.id === forecast.trialId)!;
      expect(forecast.final.step).toBe(15);
      expect(forecast.final.low).toBeLessThanOrEqual(forecast.final.median);
      expect(forecast.final.median).toBeLessThanOrEqual(forecast.final.high);
      // Heading down from where it stands, and no lower than the true curve's floor of 0.
      expect(forecast.final.median).toBeLessThan(trial.value!);
      expect(forecast.final.low).toBeGreaterThan(-0.5 * (trial.value as number));
      expect(forecast.path[0]!.step).toBe(trial.lastStep);
      expect(forecast.path.at(-1)!.step).toBe(15);
    }
  });

  it('refuses forecasts for an experiment without a resource, naming the field', async () => {
    const b = backend();
    const experiment = start(b, { command: ['python3', trainerFixture, '--steps=2', '--sleep=0.01'] });
    await b.scheduler.whenFinished(experiment.id);
    const reply = await b.dispatch('trials/forecasts', { experimentId: experiment.id });
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringMatching(/resource: \{max: N\}/) } });
  });
});

describe('ASHA on the quickstart example (it checkpoints through the helper)', () => {
  it('freezes and thaws real quickstart trials; each thawed curve equals an uninterrupted run of the same configuration', { timeout: 120_000 }, async () => {
    const b = backend();
    const source = readFileSync(path.join(quickstartDir, 'experiment.yaml'), 'utf8');
    const file = parseYaml(source) as ExperimentFileInput;
    const yaml = stringify({
      ...file,
      budget: { trials: 6, parallel: 2 },
      resource: { max: 10, min: 1 },
      policy: { name: 'asha', eta: 3, variant: 'promotion' },
    });
    const created = await b.dispatch('experiments/create', { source: { kind: 'text', yaml, baseDir: quickstartDir }, start: true });
    if (!created.ok) throw new Error(created.error.message);
    const experimentId = (created.value as Experiment).id;
    const done = await b.scheduler.whenFinished(experimentId);
    expect(done.state).toBe('completed');
    const trials = b.store.trials.listByExperiment(experimentId);
    const thawed = trials.filter((t) => t.thaws > 0 && (t.lastStep ?? 0) >= 3);
    expect(thawed.length).toBeGreaterThan(0);
    for (const trial of thawed.slice(0, 2)) {
      // The same configuration, run straight through outside Tundra.
      const run = spawnSync('python3', ['train.py', `--lr=${trial.params.lr}`, `--hidden=${trial.params.hidden}`, `--activation=${trial.params.activation}`, `--epochs=${trial.lastStep}`], {
        cwd: quickstartDir,
        encoding: 'utf8',
        env: { ...process.env, PYTHONPATH: path.join(repoRoot, 'resources', 'python') },
      });
      const straight = run.stdout
        .split('\n')
        .filter((line) => line.startsWith('@tundra '))
        .map((line) => JSON.parse(line.slice('@tundra '.length)) as { step: number; val_loss: number });
      const stored = b.store.metrics.listByTrial(trial.id).filter((p) => p.name === 'val_loss');
      expect(stored.map((p) => p.step)).toEqual(straight.map((p) => p.step));
      stored.forEach((p, i) => expect(p.value).toBeCloseTo(straight[i]!.val_loss, 12));
    }
  });
});
