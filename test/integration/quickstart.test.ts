import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestBackend, type TestBackend } from '../support/backend';
import { quickstartDir } from '../support/paths';

const opened: TestBackend[] = [];
afterAll(async () => {
  for (const backend of opened) await backend.close();
});

describe('the quickstart example through scheduler, runner and a SQLite file', () => {
  it('runs every trial to completion, stores the curves, and survives a reopen', async () => {
    const backend = openTestBackend();
    opened.push(backend);
    const created = await backend.dispatch('experiments/create', {
      source: { kind: 'path', path: path.join(quickstartDir, 'experiment.yaml') },
      start: true,
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const experiment = created.value as { id: number; spec: { budget: { trials: number; parallel: number } } };
    const { trials: budget, parallel } = experiment.spec.budget;

    // Parallel slots are really used: at some point `parallel` trials run at once.
    let mostAtOnce = 0;
    const unsubscribe = backend.hub.subscribe(() => {
      mostAtOnce = Math.max(mostAtOnce, backend.store.trials.listInState(experiment.id, ['running']).length);
    });
    const finished = await backend.scheduler.whenFinished(experiment.id);
    unsubscribe();

    expect(finished.state).toBe('completed');
    expect(finished.counts).toMatchObject({ completed: budget, failed: 0, running: 0 });
    expect(mostAtOnce).toBe(parallel);
    const trials = backend.store.trials.listByExperiment(experiment.id);
    expect(trials.map((t) => t.number)).toEqual(Array.from({ length: budget }, (_, i) => i + 1));
    for (const trial of trials) {
      const losses = backend.store.metrics.listByTrial(trial.id).filter((p) => p.name === 'val_loss');
      expect(losses.length).toBeGreaterThanOrEqual(3);
      // The result is the last reported val_loss.
      expect(trial.value).toBe(losses.at(-1)!.value);
      expect(trial.lastStep).toBe(losses.at(-1)!.step);
      expect(existsSync(path.join(trial.dir, 'stdout.log'))).toBe(true);
      expect(backend.store.metrics.listByTrial(trial.id).some((p) => p.name === 'val_acc')).toBe(true);
    }
    // A real model learned something: the best configuration classifies digits well.
    const best = finished.best!;
    const bestAccuracy = backend.store.metrics.listByTrial(best.trialId).filter((p) => p.name === 'val_acc').at(-1)!.value;
    expect(bestAccuracy).toBeGreaterThan(0.85);
    expect(best.value).toBe(Math.min(...trials.map((t) => t.value!)));

    // Everything is in the file: a plain SQLite connection sees it, and the database is sound.
    await backend.close();
    const raw = new Database(backend.databaseFile, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(raw.prepare('SELECT COUNT(*) AS n FROM trials WHERE state = ?').get('completed')).toEqual({ n: budget });
    raw.close();
    const reopened = openTestBackend({ databaseFile: backend.databaseFile });
    opened.push(reopened);
    expect(reopened.store.experiments.get(experiment.id)).toMatchObject({ state: 'completed', best: { trialId: best.trialId } });
  });
});
