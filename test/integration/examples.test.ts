import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import type { ApiArgs, ApiResult, Channel } from '../../shared/api';
import type { Experiment, Trial } from '../../shared/domain';
import type { ExperimentFileInput } from '../../shared/experiment-file';
import { openTestBackend, waitFor, type TestBackend } from '../support/backend';
import { repoRoot } from '../support/paths';

/**
 * The bundled examples run for real, each through the API, scheduler and runner into a SQLite
 * file, on small budgets. The PyTorch one needs Debian's python3-torch and python3-sklearn, which
 * live under /usr/bin/python3 (not necessarily the python3 first on PATH): the experiment is
 * pointed there with TUNDRA_PYTHON in its env, exactly as a user would, without editing the example.
 */

const examplesDir = path.join(repoRoot, 'resources', 'examples');
const digitsDir = path.join(examplesDir, 'pytorch-digits');
const plainDir = path.join(examplesDir, 'unmodified-script');
const TORCH_PYTHON = '/usr/bin/python3';

/** Why the PyTorch example cannot run here, or null when it can. */
function torchProblem(): string | null {
  const probe = spawnSync(TORCH_PYTHON, ['-c', 'import torch, sklearn'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.error) return `${TORCH_PYTHON} cannot be run (${probe.error.message})`;
  if (probe.status === 0) return null;
  const said = probe.stderr.trim().split('\n').at(-1) ?? `exit code ${probe.status}`;
  return `${TORCH_PYTHON} cannot import torch and sklearn (${said}); install python3-torch and python3-sklearn`;
}
const missingTorch = torchProblem();

const open: TestBackend[] = [];
afterEach(async () => {
  for (const backend of open.splice(0)) await backend.close();
});

function backend(): TestBackend {
  const created = openTestBackend({ stopGraceMs: 500 });
  open.push(created);
  return created;
}

function exampleFile(dir: string): ExperimentFileInput {
  return parseYaml(readFileSync(path.join(dir, 'experiment.yaml'), 'utf8')) as ExperimentFileInput;
}

async function call<K extends Channel>(b: TestBackend, channel: K, args: ApiArgs<K>): Promise<ApiResult<K>> {
  const reply = await b.dispatch(channel, args);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
  return reply.value as ApiResult<K>;
}

/** Creates and starts the example's experiment with some fields replaced, as pasting the edited file in the UI would. */
async function startExample(b: TestBackend, dir: string, changes: Partial<ExperimentFileInput>): Promise<Experiment> {
  const yaml = stringify({ ...exampleFile(dir), ...changes });
  return call(b, 'experiments/create', { source: { kind: 'text', yaml, baseDir: dir }, start: true });
}

function curve(b: TestBackend, trialId: number, metric: string): { step: number; value: number }[] {
  return b.store.metrics
    .listByTrial(trialId)
    .filter((p) => p.name === metric)
    .map((p) => ({ step: p.step, value: p.value }));
}

const steps = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

/** The digits script run straight through outside Tundra: its reported val_loss per epoch. */
function straightDigitsRun(trial: Trial, epochs: number): { step: number; value: number }[] {
  const p = trial.params;
  const args = ['train.py', `--optimizer=${p.optimizer}`, `--lr=${p.lr}`, `--hidden=${p.hidden}`, `--dropout=${p.dropout}`];
  args.push(`--weight-decay=${p.weight_decay}`, `--batch-size=${p.batch_size}`, `--epochs=${epochs}`);
  const run = spawnSync(TORCH_PYTHON, args, { cwd: digitsDir, encoding: 'utf8', timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('@tundra '))
    .map((line) => JSON.parse(line.slice('@tundra '.length)) as { step: number; val_loss: number })
    .map((r) => ({ step: r.step, value: r.val_loss }));
}

describe('the unmodified-script example: plain output read by metric patterns', () => {
  it('runs its trials to completion with both losses stored per epoch, exactly as the script printed them', async () => {
    const b = backend();
    const experiment = await startExample(b, plainDir, { budget: { trials: 3, parallel: 2 } });
    const done = await b.scheduler.whenFinished(experiment.id);
    expect(done.state).toBe('completed');
    expect(done.counts).toMatchObject({ completed: 3, failed: 0 });
    for (const trial of b.store.trials.listByExperiment(experiment.id)) {
      // What the script printed, read here with a pattern of our own, is what Tundra stored.
      const printed = [...readFileSync(path.join(trial.dir, 'stdout.log'), 'utf8').matchAll(/^epoch (\d+) train_loss: (\S+) val_loss: (\S+)$/gm)];
      expect(printed).toHaveLength(20);
      expect(curve(b, trial.id, 'val_loss')).toEqual(printed.map((m) => ({ step: Number(m[1]), value: Number(m[3]) })));
      expect(curve(b, trial.id, 'train_loss')).toEqual(printed.map((m) => ({ step: Number(m[1]), value: Number(m[2]) })));
      expect(trial).toMatchObject({ state: 'completed', lastStep: 20, value: Number(printed.at(-1)![3]) });
    }
  });
});

describe.skipIf(missingTorch !== null)(
  `the pytorch-digits example with ${TORCH_PYTHON}${missingTorch === null ? '' : ` (skipped: ${missingTorch})`}`,
  () => {
    it('ASHA promotion freezes and thaws real PyTorch trials; each thawed curve is continuous and equals an uninterrupted run', async () => {
      const b = backend();
      const file = exampleFile(digitsDir);
      const experiment = await startExample(b, digitsDir, {
        env: { TUNDRA_PYTHON: TORCH_PYTHON },
        space: { ...file.space, epochs: { type: 'fixed', value: 9 } },
        resource: { max: 9, min: 1 },
        // Once three trials have reached the first rung the best of them earns promotion (eta 3).
        budget: { trials: 4, parallel: 2 },
      });
      const done = await b.scheduler.whenFinished(experiment.id);
      expect(done.state).toBe('completed');
      const trials = b.store.trials.listByExperiment(experiment.id);
      expect(trials.every((t) => t.state === 'completed' || t.state === 'frozen')).toBe(true);
      const events = b.store.events.listByExperiment(experiment.id).map((e) => e.message);
      expect(events.some((m) => /promoted by asha/.test(m))).toBe(true);
      expect(events.some((m) => /thawed from its checkpoint/.test(m))).toBe(true);
      const thawed = trials.filter((t) => t.thaws > 0);
      expect(thawed.length).toBeGreaterThan(0);
      for (const trial of trials) {
        // Every trial, frozen or not, has one point per epoch it ran: 1, 2, ... with no gap or repeat.
        expect(curve(b, trial.id, 'val_loss').map((p) => p.step)).toEqual(steps(1, trial.lastStep!));
        expect(curve(b, trial.id, 'val_acc')).toHaveLength(trial.lastStep!);
      }
      // The trial thawed most often, against the same configuration run straight through.
      const mostThawed = thawed.reduce((a, t) => (t.thaws > a.thaws ? t : a));
      expect(readFileSync(path.join(mostThawed.dir, 'stdout.log'), 'utf8')).toMatch(/resumed from the checkpoint after epoch \d+/);
      expect(curve(b, mostThawed.id, 'val_loss')).toEqual(straightDigitsRun(mostThawed, mostThawed.lastStep!));
    });

    it('a trial frozen at epoch k and thawed reports the same val_loss at epoch k+1, and after, as an uninterrupted run', async () => {
      const b = backend();
      const epochs = 24;
      const experiment = await startExample(b, digitsDir, {
        env: { TUNDRA_PYTHON: TORCH_PYTHON },
        // One configuration with dropout (so the random state matters) and AdamW's moments.
        space: {
          optimizer: { type: 'fixed', value: 'adamw' },
          lr: { type: 'fixed', value: 0.002 },
          hidden: { type: 'fixed', value: 128 },
          dropout: { type: 'fixed', value: 0.3 },
          weight_decay: { type: 'fixed', value: 0.0001 },
          batch_size: { type: 'fixed', value: 32 },
          epochs: { type: 'fixed', value: epochs },
        },
        policy: { name: 'none' },
        resource: { max: epochs },
        budget: { trials: 1, parallel: 1 },
      });
      const first = await waitFor(() => {
        const [trial] = b.store.trials.listByExperiment(experiment.id);
        return trial !== undefined && (trial.lastStep ?? 0) >= 2 && trial;
      }, 60_000, 'epoch 2');
      await call(b, 'trials/freeze', { trialId: first.id });
      const frozen = await waitFor(() => b.store.trials.require(first.id).state === 'frozen' && b.store.trials.require(first.id), 30_000, 'frozen');
      expect(frozen.message).toMatch(/checkpoint saved; thaw resumes from it/);
      const k = frozen.lastStep!;
      expect(k).toBeLessThan(epochs);
      await b.scheduler.whenFinished(experiment.id);

      await call(b, 'trials/thaw', { trialId: first.id });
      await b.scheduler.whenFinished(experiment.id);
      const thawed = b.store.trials.require(first.id);
      expect(thawed).toMatchObject({ state: 'completed', lastStep: epochs, thaws: 1 });
      expect(readFileSync(path.join(thawed.dir, 'stdout.log'), 'utf8')).toContain(`resumed from the checkpoint after epoch ${k}\n`);

      const stored = curve(b, first.id, 'val_loss');
      const straight = straightDigitsRun(thawed, epochs);
      expect(stored.map((p) => p.step)).toEqual(steps(1, epochs));
      // Bit for bit, not merely close: the thawed run picked up the exact state.
      expect(stored.find((p) => p.step === k + 1)).toEqual(straight.find((p) => p.step === k + 1));
      expect(stored).toEqual(straight);
    });
  },
);
