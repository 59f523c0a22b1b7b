import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../shared/protocol';
import { parseExperimentFile } from '../../shared/experiment-file';
import { experimentYaml, openTestBackend, waitFor, type TestBackend } from '../support/backend';
import { repoRoot, trainerFixture } from '../support/paths';

/** Deleting an experiment through the API, with real processes, run folders and a real SQLite file. */

const open: TestBackend[] = [];
afterEach(async () => {
  for (const backend of open.splice(0)) await backend.close();
});

function createFixture(b: TestBackend, flags: string[], trials = 2): number {
  const yaml = experimentYaml({ command: ['python3', trainerFixture, '--scale={x}', ...flags], budget: { trials, parallel: 2 } });
  const parsed = parseExperimentFile(yaml);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return b.store.experiments.create({ spec: { ...parsed.value, workdir: repoRoot, search: { algorithm: 'random', seed: 1 } }, sourceYaml: yaml }, Date.now());
}

describe('deleting an experiment', () => {
  it('is refused while it runs, with the fix named, and then removes its records and run folders', async () => {
    const b = openTestBackend({ stopGraceMs: 500 });
    open.push(b);
    const pushes: EventMessage[] = [];
    b.hub.subscribe((message) => pushes.push(message));
    const keep = createFixture(b, ['--steps=2', '--sleep=0.01'], 1);
    const id = createFixture(b, ['--steps=400', '--sleep=0.05']);
    expect(b.scheduler.start(keep).ok).toBe(true);
    await b.scheduler.whenFinished(keep);
    expect(b.scheduler.start(id).ok).toBe(true);
    await waitFor(() => b.store.trials.listByExperiment(id).filter((trial) => trial.lastStep !== null).length === 2, 20_000, 'two trials reporting');

    const refused = await b.dispatch('experiments/delete', { experimentId: id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('conflict');
      expect(refused.error.message).toMatch(/is running; stop it first, then delete it/);
    }
    expect(b.store.experiments.get(id)).toBeDefined();

    expect(b.scheduler.stopExperiment(id).ok).toBe(true);
    await b.scheduler.whenFinished(id);
    const dirs = b.store.trials.listByExperiment(id).map((trial) => trial.dir);
    expect(dirs.every((dir) => existsSync(dir))).toBe(true);

    const deleted = await b.dispatch('experiments/delete', { experimentId: id });
    expect(deleted).toEqual({ ok: true, value: { experimentId: id } });
    expect(b.store.experiments.get(id)).toBeUndefined();
    expect(b.store.trials.listByExperiment(id)).toEqual([]);
    expect(b.store.metrics.listByExperiment(id)).toEqual([]);
    expect(b.store.events.listByExperiment(id)).toEqual([]);
    expect(dirs.some((dir) => existsSync(dir))).toBe(false);
    expect(existsSync(path.dirname(dirs[0]!))).toBe(false);
    await waitFor(() => pushes.some((push) => push.event === 'experiments/deleted' && push.payload.includes(id)), 5_000, 'the deletion push');

    // The other experiment is untouched, records and folders.
    const kept = b.store.trials.listByExperiment(keep);
    expect(kept).toHaveLength(1);
    expect(b.store.metrics.listByExperiment(keep).length).toBeGreaterThan(0);
    expect(existsSync(kept[0]!.dir)).toBe(true);

    const again = await b.dispatch('experiments/delete', { experimentId: id });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('not-found');
  });

  it('deletes a draft, and refuses bad arguments naming the field', async () => {
    const b = openTestBackend();
    open.push(b);
    const id = createFixture(b, []);
    expect((await b.dispatch('experiments/delete', { experimentId: id })).ok).toBe(true);
    const bad = await b.dispatch('experiments/delete', { experimentId: 'x' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/experimentId/);
  });
});
