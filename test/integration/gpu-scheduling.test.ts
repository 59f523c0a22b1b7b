import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiReply } from '../../shared/api';
import type { Experiment } from '../../shared/domain';
import { parseExperimentFile, type ExperimentFileInput } from '../../shared/experiment-file';
import { detectGpus, type GpuDetection } from '../../main/runner/gpu/nvidia-smi';
import { experimentYaml, openTestBackend, waitFor, type TestBackend } from '../support/backend';
import { repoRoot, trainerFixture } from '../support/paths';

/**
 * GPU slots through the real scheduler and real trial processes, with nvidia-smi answered by the
 * recorded-output fake (test/fixtures/nvidia-smi): CUDA_VISIBLE_DEVICES per slot, packing, CPU
 * trials hidden from GPUs, settings refused with the field and the fix, CUDA OOM re-queued with
 * less packing, and utilisation sampled while trials run.
 */

const fakeBin = path.join(repoRoot, 'test', 'fixtures', 'nvidia-smi', 'bin');
const fake = (recording: string) => detectGpus({ env: { PATH: fakeBin, TUNDRA_FAKE_NVIDIA_SMI: recording } });

const open: TestBackend[] = [];
afterEach(async () => {
  for (const backend of open.splice(0)) await backend.close();
});

function backendWith(initial: GpuDetection, sample?: () => Promise<GpuDetection>): TestBackend {
  const created = openTestBackend({ stopGraceMs: 500, gpus: { initial, ...(sample ? { sample, sampleMs: 100 } : {}) } });
  open.push(created);
  return created;
}

function create(b: TestBackend, flags: string[], file: Partial<ExperimentFileInput> = {}): number {
  const yaml = experimentYaml({ command: ['python3', trainerFixture, '--scale={x}', '--print-env', ...flags], ...file });
  const parsed = parseExperimentFile(yaml);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return b.store.experiments.create({ spec: { ...parsed.value, workdir: repoRoot, search: { algorithm: 'random', seed: 1 } }, sourceYaml: yaml }, Date.now());
}

function start(b: TestBackend, id: number): Experiment {
  const started = b.scheduler.start(id);
  if (!started.ok) throw new Error(started.error.message);
  return started.value;
}

/** The environment a trial printed (--print-env). */
function trialEnv(dir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path.join(dir, 'stdout.log'), 'utf8').split('\n')) {
    const match = /^env ([A-Z_]+)=(.*)$/.exec(line);
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}

describe.skipIf(process.platform === 'win32')('GPU slots through the scheduler (recorded nvidia-smi)', () => {
  it('gives each trial its own GPU and never runs more trials than GPU slots, whatever budget.parallel says', async () => {
    const b = backendWith(await fake('two'));
    const id = create(b, ['--steps=6', '--sleep=0.05'], { budget: { trials: 6, parallel: 4 } });
    start(b, id);
    let most = 0;
    const done = await Promise.race([
      b.scheduler.whenFinished(id),
      (async () => {
        for (;;) {
          most = Math.max(most, b.store.trials.listInState(id, ['running']).length);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })(),
    ]);
    expect(done.state).toBe('completed');
    expect(most).toBe(2);
    const trials = b.store.trials.listByExperiment(id);
    expect(new Set(trials.map((t) => t.gpus))).toEqual(new Set(['0', '1']));
    for (const trial of trials) {
      expect(trialEnv(trial.dir)).toMatchObject({ CUDA_VISIBLE_DEVICES: trial.gpus!, CUDA_DEVICE_ORDER: 'PCI_BUS_ID' });
    }
  });

  it('two experiments running at once never share a GPU', async () => {
    const b = backendWith(await fake('two'));
    const first = create(b, ['--steps=8', '--sleep=0.05'], { budget: { trials: 3, parallel: 2 } });
    const second = create(b, ['--steps=8', '--sleep=0.05'], { budget: { trials: 3, parallel: 2 } });
    start(b, first);
    start(b, second);
    let clash: string | null = null;
    let most = 0;
    const watching = (async () => {
      for (;;) {
        const running = [...b.store.trials.listInState(first, ['running']), ...b.store.trials.listInState(second, ['running'])];
        most = Math.max(most, running.length);
        const gpus = running.map((t) => t.gpus);
        if (new Set(gpus).size !== gpus.length) clash = gpus.join(' ');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    await Promise.race([Promise.all([b.scheduler.whenFinished(first), b.scheduler.whenFinished(second)]), watching]);
    expect(clash).toBeNull();
    expect(most).toBe(2);
    expect(b.store.experiments.get(first)!.state).toBe('completed');
    expect(b.store.experiments.get(second)!.state).toBe('completed');
  });

  it('packs trials_per_gpu trials onto one GPU, and hides GPUs from CPU trials (per_trial: 0)', async () => {
    const b = backendWith(await fake('one'));
    const packed = create(b, ['--steps=8', '--sleep=0.05'], { budget: { trials: 2, parallel: 2 }, gpus: { trials_per_gpu: 2 } });
    start(b, packed);
    await waitFor(() => b.store.trials.listInState(packed, ['running']).length === 2, 10_000, 'two trials on one GPU');
    await b.scheduler.whenFinished(packed);
    expect(b.store.trials.listByExperiment(packed).map((t) => t.gpus)).toEqual(['0', '0']);

    const cpu = create(b, ['--steps=2'], { gpus: { per_trial: 0 } });
    await b.scheduler.whenFinished(start(b, cpu).id);
    const [trial] = b.store.trials.listByExperiment(cpu);
    // Set and empty: CUDA then sees no GPU (unset would show them all).
    expect(trialEnv(trial!.dir).CUDA_VISIBLE_DEVICES).toBe('');
  });

  it('refuses GPU settings this machine cannot satisfy, naming the field and the fix, and runs nothing', async () => {
    const b = backendWith(await fake('two'));
    const missing = b.scheduler.start(create(b, [], { gpus: { devices: [3] } }));
    expect(!missing.ok && missing.error.message).toMatch(/gpus\.devices: GPU 3 does not exist; this machine has GPUs 0, 1/);
    const tooMany = b.scheduler.start(create(b, [], { gpus: { per_trial: 4 } }));
    expect(!tooMany.ok && tooMany.error.message).toMatch(/gpus\.per_trial/);

    const none = backendWith({ kind: 'none', reason: 'no nvidia-smi on PATH: running trials on CPU slots' });
    const asked = none.scheduler.start(create(none, [], { gpus: { per_trial: 1 } }));
    expect(!asked.ok && asked.error.message).toMatch(/gpus\.per_trial: 1 GPU\(s\) per trial asked for, but no nvidia-smi on PATH.*set per_trial: 0/);
    expect(none.store.trials.listByExperiment(1)).toHaveLength(0);
  });

  it('without GPUs and without a gpus section, trials run on CPU slots with the environment left alone', async () => {
    const b = backendWith({ kind: 'none', reason: 'no nvidia-smi on PATH: running trials on CPU slots' });
    const id = create(b, ['--steps=2'], { budget: { trials: 2, parallel: 2 } });
    const done = await b.scheduler.whenFinished(start(b, id).id);
    expect(done.state).toBe('completed');
    for (const trial of b.store.trials.listByExperiment(id)) {
      expect(trial.gpus).toBeNull();
      expect(trialEnv(trial.dir).CUDA_VISIBLE_DEVICES).toBeUndefined();
    }
    const status = (await b.dispatch('gpus/status', {})) as ApiReply<'gpus/status'>;
    expect(status.ok && status.value.status).toEqual({ kind: 'none', reason: 'no nvidia-smi on PATH: running trials on CPU slots' });
  });

  it('a trial that dies of CUDA out-of-memory while packed is re-queued with less packing, not counted as a bad configuration', async () => {
    const b = backendWith(await fake('one'));
    const id = create(b, ['--steps=5', '--oom-at=1'], { budget: { trials: 1, parallel: 2 }, gpus: { trials_per_gpu: 2 } });
    const done = await b.scheduler.whenFinished(start(b, id).id);
    const [first, rerun] = b.store.trials.listByExperiment(id);
    expect(first).toMatchObject({ state: 'interrupted', message: expect.stringMatching(/^CUDA ran out of memory: re-queued with fewer trials per GPU/) });
    // Alone on its GPU it still does not fit: failed with the reason, and no endless loop.
    expect(rerun).toMatchObject({ retryOf: first!.id, params: first!.params, state: 'failed', message: expect.stringMatching(/even alone on its GPU\(s\), this configuration does not fit/) });
    expect(b.store.trials.listByExperiment(id)).toHaveLength(2);
    expect(done.state).toBe('failed');
  });

  it('samples utilisation and memory while trials run, stores them, and serves them with the devices', async () => {
    const b = backendWith(await fake('two'), () => fake('busy'));
    const id = create(b, ['--steps=15', '--sleep=0.05']);
    start(b, id);
    await waitFor(() => b.store.gpuSamples.listSince(0).length >= 2, 10_000, 'GPU samples');
    await b.scheduler.whenFinished(id);
    const status = (await b.dispatch('gpus/status', { sinceMs: 0 })) as ApiReply<'gpus/status'>;
    if (!status.ok) throw new Error(status.error.message);
    expect(status.value.status.kind).toBe('gpus');
    expect(status.value.samples.length).toBeGreaterThanOrEqual(2);
    expect(status.value.samples[0]).toMatchObject({ index: expect.any(Number), memoryUsedMiB: expect.any(Number), memoryTotalMiB: expect.any(Number) });
    expect(status.value.samples.some((s) => (s.utilizationPercent ?? 0) > 90)).toBe(true);
  });
});
