import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { ImportedStudy } from '../../shared/api';
import type { MetricPoint, Trial } from '../../shared/domain';
import type { Result } from '../../shared/result';
import { openTestBackend, type TestBackend } from '../support/backend';
import { hasOptuna, NO_OPTUNA_REASON, writeOptunaStudies } from '../support/optuna';
import { tempDir } from '../support/paths';

// Debian's python3-optuna writes the studies; without it there is nothing real to compare against.
if (!hasOptuna) console.warn(`Skipping the Optuna import tests: ${NO_OPTUNA_REASON}.`);

interface OptunaTrial {
  number: number;
  state: 'COMPLETE' | 'PRUNED' | 'FAIL' | 'RUNNING' | 'WAITING';
  params: Record<string, number | string | boolean>;
  value: number | null;
  intermediate: Record<string, number>;
  start_ms: number | null;
  end_ms: number | null;
}
interface OptunaStudy {
  metric: string;
  direction: 'MINIMIZE' | 'MAXIMIZE';
  best_value: number;
  best_number: number;
  trials: OptunaTrial[];
}

const STATES = { COMPLETE: 'completed', PRUNED: 'stopped', FAIL: 'failed', RUNNING: 'interrupted' } as const;

describe.skipIf(!hasOptuna)('importing an Optuna study written by Debian\'s optuna', () => {
  let dir: string;
  let studyFile: string;
  let optuna: Record<'min-study' | 'max-study', OptunaStudy>;
  let backend: TestBackend;
  const call = async <T>(channel: string, args: unknown) => (await backend.dispatch(channel, args)) as Result<T>;

  beforeAll(async () => {
    dir = tempDir();
    studyFile = path.join(dir, 'study.db');
    optuna = JSON.parse(await writeOptunaStudies(studyFile)) as typeof optuna;
    backend = openTestBackend();
  }, 120_000);
  afterAll(async () => backend?.close());

  it('asks which study when the file holds several, listing their names', async () => {
    const reply = await call('experiments/import-optuna', { path: studyFile });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.message).toMatch(/holds 3 studies: "min-study", "max-study", "two-objectives"\. Choose one with --study NAME/);
    const unknown = await call('experiments/import-optuna', { path: studyFile, study: 'nope' });
    expect(unknown.ok || unknown.error.message).toMatch(/has no study "nope"; its studies: "min-study", "max-study", "two-objectives"/);
  });

  it('imports a minimising study as Optuna reports it: trials, states, decoded params, values, best, curves, times', async () => {
    const reply = await call<ImportedStudy>('experiments/import-optuna', { path: studyFile, study: 'min-study' });
    if (!reply.ok) throw new Error(reply.error.message);
    const { experiment, report } = reply.value;
    const expected = optuna['min-study'];
    const started = expected.trials.filter((t) => t.state !== 'WAITING');
    expect(experiment.state).toBe('completed');
    expect(experiment.origin?.kind).toBe('optuna-study');
    expect(experiment.spec.objective).toEqual({ metric: 'value', mode: 'min' });
    expect(experiment.best?.value).toBe(expected.best_value);
    expect(experiment.best?.number).toBe(expected.best_number + 1);

    const trials = (await call<Trial[]>('trials/list', { experimentId: experiment.id }));
    if (!trials.ok) throw new Error(trials.error.message);
    expect(trials.value).toHaveLength(started.length);
    // The fixture makes one of each: failed, pruned (by hand and by the median pruner), running.
    expect(new Set(started.map((t) => t.state))).toEqual(new Set(['COMPLETE', 'PRUNED', 'FAIL', 'RUNNING']));
    const points = await call<MetricPoint[]>('metrics/list', { experimentId: experiment.id });
    if (!points.ok) throw new Error(points.error.message);
    for (const source of started) {
      const trial = trials.value.find((t) => t.number === source.number + 1)!;
      expect(trial.state).toBe(STATES[source.state as keyof typeof STATES]);
      // Exactly Optuna's values: categorical indexes decoded, ints whole, floats bit for bit.
      const { 'use bn': useBn, ...rest } = source.params;
      expect(trial.params).toEqual(useBn === undefined ? rest : { ...rest, use_bn: useBn });
      expect(trial.value).toBe(source.state === 'FAIL' || source.state === 'RUNNING' ? null : source.value);
      const curve = points.value.filter((p) => p.trialId === trial.id).map((p) => [p.step, p.value]);
      expect(curve).toEqual(Object.entries(source.intermediate).map(([step, value]) => [Number(step), value]));
      if (source.start_ms !== null) expect(Math.abs(trial.startedAt! - source.start_ms)).toBeLessThan(1);
      if (source.end_ms !== null) expect(Math.abs(trial.endedAt! - source.end_ms)).toBeLessThan(1);
    }
    expect(experiment.spec.space).toMatchObject({
      x: { type: 'float', low: -10, high: 10 },
      lr: { type: 'float', low: 1e-5, high: 0.1, log: true },
      layers: { type: 'int', low: 1, high: 8 },
      optimizer: { type: 'categorical', choices: ['adam', 'sgd w/ momentum', "it's"] },
      momentum: { type: 'float', low: 0, high: 0.99, step: 0.01 },
      use_bn: { type: 'categorical', choices: [true, false] },
    });
    const fields = report.map((item) => `${item.action} ${item.field}`);
    expect(fields).toEqual(expect.arrayContaining(['dropped trials.state', 'approximated trial_params.use bn', 'note trial_params.momentum']));
    expect(fields).not.toContain('note trial_params.x');
  });

  it('imports a maximising study with its best trial and metric name', async () => {
    const reply = await call<ImportedStudy>('experiments/import-optuna', { path: studyFile, study: 'max-study' });
    if (!reply.ok) throw new Error(reply.error.message);
    const expected = optuna['max-study'];
    expect(reply.value.experiment.spec.objective).toEqual({ metric: expected.metric, mode: 'max' });
    expect(reply.value.experiment.best?.value).toBe(expected.best_value);
    expect(reply.value.experiment.best?.number).toBe(expected.best_number + 1);
    expect(reply.value.experiment.spec.space.k).toEqual({ type: 'int', low: 2, high: 32, log: false, step: 2 });
    expect(reply.value.experiment.counts.completed).toBe(expected.trials.length);
  });

  it('imports the first objective of a multi-objective study and says so', async () => {
    const reply = await call<ImportedStudy>('experiments/import-optuna', { path: studyFile, study: 'two-objectives' });
    if (!reply.ok) throw new Error(reply.error.message);
    expect(reply.value.report).toContainEqual(expect.objectContaining({ field: 'study_directions', action: 'approximated' }));
    expect(reply.value.experiment.spec.objective.mode).toBe('min');
  });

  it('never runs an imported study: start, resume, retry, clone and thaw are refused; exports work', async () => {
    const experiment = backend.store.experiments.list().find((e) => e.name === 'min-study')!;
    const trial = backend.store.trials.listByExperiment(experiment.id).find((t) => t.state === 'interrupted')!;
    for (const [channel, args] of [
      ['experiments/start', { experimentId: experiment.id }],
      ['experiments/resume', { experimentId: experiment.id }],
      ['trials/retry', { trialId: trial.id }],
      ['trials/thaw', { trialId: trial.id }],
      ['trials/clone', { trialId: trial.id, params: { x: 1 } }],
    ] as const) {
      const reply = await call(channel, args);
      expect(reply.ok || reply.error.code).toBe('unsupported');
      if (!reply.ok) expect(reply.error.message).toMatch(/is history imported from study "min-study" .* read-only/);
    }
    expect(backend.store.trials.listByExperiment(experiment.id).every((t) => t.state !== 'running' && t.state !== 'queued')).toBe(true);
    const csv = await call<{ content: string }>('experiments/export', { experimentId: experiment.id, format: 'csv' });
    expect(csv.ok && csv.value.content.split('\r\n')[0]).toBe('trial,state,x,lr,layers,optimizer,use_bn,momentum,value,steps,started_at,ended_at,duration_s,message');
    const file = await call<{ content: string }>('experiments/export', { experimentId: experiment.id, format: 'experiment' });
    expect(file.ok && (parseYaml(file.ok ? file.value.content : '') as { command: string[] }).command[0]).toBe('REPLACE-WITH-YOUR-TRAINING-COMMAND');
  });

  it('says clearly when the file is not an Optuna database', async () => {
    const notSqlite = path.join(dir, 'notes.db');
    writeFileSync(notSqlite, 'just text, not SQLite\n'.repeat(100));
    const text = await call('experiments/import-optuna', { path: notSqlite });
    expect(text.ok || text.error.message).toMatch(/notes\.db is not an Optuna database/);
    // Tundra's own database is SQLite, but not Optuna's.
    const tundra = await call('experiments/import-optuna', { path: backend.databaseFile });
    expect(tundra.ok || tundra.error.message).toMatch(/is not an Optuna database: it has no studies, study_directions, trial_params, trial_values tables/);
    const missing = await call('experiments/import-optuna', { path: path.join(dir, 'nope.db') });
    expect(missing.ok || missing.error.message).toMatch(/There is no file .*nope\.db/);
  });
});
