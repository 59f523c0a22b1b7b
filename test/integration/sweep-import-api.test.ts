import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportedSweep } from '../../shared/api';
import type { Experiment } from '../../shared/domain';
import type { Result } from '../../shared/result';
import { openTestBackend, type TestBackend } from '../support/backend';
import { tempDir, trainerFixture } from '../support/paths';

const SWEEP = `
program: trainer.py
method: grid
metric: {name: val_loss}
parameters:
  scale: {values: [0.5, 1.5]}
  steps: {value: 2}
  sleep: {value: 0.01}
`;

describe('experiments/import (W&B sweep) through the API', () => {
  let backend: TestBackend;
  beforeAll(() => {
    backend = openTestBackend();
  });
  afterAll(async () => backend?.close());

  it('returns an experiment file for the editor that creates and runs as it is', async () => {
    const dir = tempDir();
    copyFileSync(trainerFixture, path.join(dir, 'trainer.py'));
    const reply = (await backend.dispatch('experiments/import', { kind: 'wandb-sweep', yaml: SWEEP, baseDir: dir })) as Result<ImportedSweep>;
    if (!reply.ok) throw new Error(reply.error.message);
    expect(reply.value.report.some((item) => item.field === 'program')).toBe(false);
    const created = (await backend.dispatch('experiments/create', { source: { kind: 'text', yaml: reply.value.yaml, baseDir: dir }, start: true })) as Result<Experiment>;
    if (!created.ok) throw new Error(created.error.message);
    const finished = await backend.scheduler.whenFinished(created.value.id);
    expect(finished.state).toBe('completed');
    expect(finished.counts.completed).toBe(2);
  }, 60_000);

  it('notes a program missing from baseDir, and refuses a relative baseDir or a sweep that cannot convert, naming the field', async () => {
    const missing = (await backend.dispatch('experiments/import', { kind: 'wandb-sweep', yaml: SWEEP, baseDir: tempDir() })) as Result<ImportedSweep>;
    expect(missing.ok && missing.value.report.find((item) => item.field === 'program')?.message).toMatch(/trainer\.py is not in/);
    const relative = await backend.dispatch('experiments/import', { kind: 'wandb-sweep', yaml: SWEEP, baseDir: 'here' });
    expect(relative.ok || relative.error.issues?.[0]?.path).toBe('baseDir');
    const broken = await backend.dispatch('experiments/import', { kind: 'wandb-sweep', yaml: SWEEP.replace('metric: {name: val_loss}', ''), baseDir: tempDir() });
    expect(broken.ok || broken.error.issues?.[0]?.path).toBe('metric.name');
    const wrongKind = await backend.dispatch('experiments/import', { kind: 'ray-tune', yaml: SWEEP, baseDir: tempDir() });
    expect(wrongKind.ok || wrongKind.error.code).toBe('invalid-arguments');
  });
});
