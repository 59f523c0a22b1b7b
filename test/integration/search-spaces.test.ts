import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { experimentYaml, openTestBackend, type TestBackend } from '../support/backend';
import { repoRoot, trainerFixture } from '../support/paths';
import type { Experiment } from '../../shared/domain';

const open: TestBackend[] = [];
afterEach(async () => {
  for (const backend of open.splice(0)) await backend.close();
});

async function runYaml(yaml: string): Promise<{ backend: TestBackend; experiment: Experiment }> {
  const backend = openTestBackend();
  open.push(backend);
  const created = await backend.dispatch('experiments/create', { source: { kind: 'text', yaml, baseDir: repoRoot }, start: true });
  if (!created.ok) throw new Error(created.error.message);
  const experiment = await backend.scheduler.whenFinished((created.value as Experiment).id);
  return { backend, experiment };
}

describe('search spaces through real trials', () => {
  it('a grid smaller than the budget runs each configuration once and completes', async () => {
    const { backend, experiment } = await runYaml(
      experimentYaml({
        command: ['python3', trainerFixture, '--steps=1', '--sleep=0', '--scale={x}', '--metric=val_loss', '--tag={kind}'],
        space: { x: { type: 'float', low: 1, high: 2, values: [1, 2] }, kind: { type: 'categorical', choices: ['a', 'b'] } },
        search: { algorithm: 'grid', seed: 1 },
        budget: { trials: 10, parallel: 2 },
      }),
    );
    expect(experiment.state).toBe('completed');
    const trials = backend.store.trials.listByExperiment(experiment.id);
    expect(trials).toHaveLength(4);
    expect(new Set(trials.map((t) => JSON.stringify(t.params))).size).toBe(4);
  });

  it('search.repeats runs each configuration several times, as separate trials', async () => {
    const { backend, experiment } = await runYaml(
      experimentYaml({
        command: ['python3', trainerFixture, '--steps=1', '--sleep=0', '--scale={x}'],
        space: { x: { type: 'float', low: 0.5, high: 2 } },
        search: { algorithm: 'sobol', seed: 2, repeats: 2 },
        budget: { trials: 6, parallel: 2 },
      }),
    );
    const params = backend.store.trials.listByExperiment(experiment.id).map((t) => t.params.x);
    expect(params).toHaveLength(6);
    expect([params[0], params[2], params[4]]).toEqual([params[1], params[3], params[5]]);
    expect(new Set(params).size).toBe(3);
  });

  it('an inactive parameter is absent from the trial and its argument is left out of argv', async () => {
    const { backend, experiment } = await runYaml(
      experimentYaml({
        command: ['python3', trainerFixture, '--print-env', '--steps=1', '--sleep=0', '--opt={optimizer}', '--momentum={momentum}'],
        space: {
          optimizer: { type: 'categorical', choices: ['sgd', 'adam'] },
          momentum: { type: 'float', low: 0.9, high: 0.999, reverse_log: true, when: { optimizer: 'sgd' } },
        },
        search: { algorithm: 'grid', seed: 1, grid_points: 2 },
        budget: { trials: 3, parallel: 1 },
      }),
    );
    const trials = backend.store.trials.listByExperiment(experiment.id);
    expect(trials).toHaveLength(3);
    for (const trial of trials) {
      const log = readFileSync(path.join(trial.dir, 'stdout.log'), 'utf8');
      const argv = JSON.parse(/argv (.*)/.exec(log)![1]!) as string[];
      expect(argv).toContain(`--opt=${String(trial.params.optimizer)}`);
      expect(argv.some((arg) => arg.startsWith('--momentum'))).toBe(trial.params.optimizer === 'sgd');
      expect('momentum' in trial.params).toBe(trial.params.optimizer === 'sgd');
    }
  });

  it('a grid too large to enumerate fails the experiment with the reason, and runs nothing', async () => {
    const space = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`p${i}`, { type: 'float' as const, low: 0, high: 1 }]));
    const { backend, experiment } = await runYaml(
      experimentYaml({ command: ['python3', trainerFixture], space, search: { algorithm: 'grid', seed: 1, grid_points: 10 }, budget: { trials: 5, parallel: 1 } }),
    );
    expect(experiment.state).toBe('failed');
    expect(experiment.message).toMatch(/the grid searcher failed: the grid has more than 100000 configurations/);
    expect(backend.store.trials.listByExperiment(experiment.id)).toEqual([]);
  });

  it('refine proposes a narrower experiment file around the top trials that can be created as is', async () => {
    const { backend, experiment } = await runYaml(
      experimentYaml({
        name: 'coarse',
        command: ['python3', trainerFixture, '--steps=2', '--sleep=0', '--scale={x}'],
        space: { x: { type: 'float', low: 0.01, high: 100, log: true }, kind: { type: 'categorical', choices: ['a', 'b', 'c'] } },
        search: { algorithm: 'random', seed: 4 },
        budget: { trials: 8, parallel: 2 },
      }),
    );
    const refined = await backend.dispatch('experiments/refine', { experimentId: experiment.id, topK: 3 });
    expect(refined.ok).toBe(true);
    if (!refined.ok) return;
    const { yaml, changes } = refined.value as { yaml: string; changes: string[] };
    expect(yaml).toMatch(/name: coarse \(refined\)/);
    expect(yaml).not.toMatch(/seed:/);
    expect(changes.some((line) => line.startsWith('x: 0.01..100 -> '))).toBe(true);
    const created = await backend.dispatch('experiments/create', { source: { kind: 'text', yaml, baseDir: '/' } });
    expect(created.ok).toBe(true);
    const none = await backend.dispatch('experiments/refine', { experimentId: (created.ok && (created.value as Experiment).id) || 0 });
    expect(none).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
