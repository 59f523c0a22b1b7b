import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectGpus, sampleGpus } from '../../main/runner/gpu/nvidia-smi';
import { repoRoot, tempDir } from '../support/paths';

/** The recorded-output stand-in for nvidia-smi; it checks it was asked Tundra's exact query. */
const fakeBin = path.join(repoRoot, 'test', 'fixtures', 'nvidia-smi', 'bin');

/** PATH with nothing but the fake: proves the lookup uses the env given, not this process's PATH. */
function fakeEnv(recording: string, withSystemPath = false): NodeJS.ProcessEnv {
  const PATH = withSystemPath ? [fakeBin, process.env.PATH ?? ''].join(path.delimiter) : fakeBin;
  return { PATH, TUNDRA_FAKE_NVIDIA_SMI: recording };
}

// The fake is a POSIX shell script; Windows would need a .cmd twin.
describe.skipIf(process.platform === 'win32')('GPU detection through a real nvidia-smi process', () => {
  it('finds one RTX 4090', async () => {
    expect(await detectGpus({ env: fakeEnv('one') })).toEqual({
      kind: 'gpus',
      devices: [
        {
          index: 0,
          uuid: 'GPU-5c7a1f0e-3b9d-4e2a-8f61-2d4b7c9e0a13',
          name: 'NVIDIA GeForce RTX 4090',
          memoryTotalMiB: 24564,
          memoryUsedMiB: 412,
          utilizationPercent: 3,
        },
      ],
    });
  });

  it('finds two, eight and busy GPUs, and GPUs in MIG mode without utilisation', async () => {
    const count = async (recording: string) => {
      const found = await detectGpus({ env: fakeEnv(recording) });
      return found.kind === 'gpus' ? found.devices.length : found.reason;
    };
    expect(await count('two')).toBe(2);
    expect(await count('eight')).toBe(8);
    const busy = await sampleGpus({ env: fakeEnv('busy') });
    expect(busy.kind === 'gpus' && busy.devices.map((d) => [d.memoryUsedMiB, d.utilizationPercent])).toEqual([
      [23912, 100],
      [21338, 97],
    ]);
    const mig = await detectGpus({ env: fakeEnv('mig') });
    expect(mig.kind === 'gpus' && mig.devices.map((d) => d.utilizationPercent)).toEqual([null, null]);
  });

  it('falls back to CPU slots with the driver message when nvidia-smi cannot reach the driver (exit 9)', async () => {
    expect(await detectGpus({ env: fakeEnv('driver-failure') })).toEqual({
      kind: 'none',
      reason:
        "nvidia-smi exited with code 9 (NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.): running trials on CPU slots",
    });
  });

  it('falls back to CPU slots when the driver has no devices or a mismatched library', async () => {
    expect(await detectGpus({ env: fakeEnv('no-devices') })).toEqual({
      kind: 'none',
      reason: 'nvidia-smi exited with code 6 (No devices were found): running trials on CPU slots',
    });
    expect(await detectGpus({ env: fakeEnv('version-mismatch') })).toEqual({
      kind: 'none',
      reason: 'nvidia-smi exited with code 18 (Failed to initialize NVML: Driver/library version mismatch): running trials on CPU slots',
    });
  });

  it('treats an empty list as no GPUs', async () => {
    expect(await detectGpus({ env: fakeEnv('empty') })).toEqual({ kind: 'none', reason: 'nvidia-smi lists no GPUs: running trials on CPU slots' });
  });

  it('says there is no nvidia-smi when PATH lacks it', async () => {
    const empty = tempDir('tundra-no-nvidia-smi-');
    expect(await detectGpus({ env: { PATH: empty } })).toEqual({ kind: 'none', reason: 'no nvidia-smi on PATH: running trials on CPU slots' });
    expect(await detectGpus({ env: {} })).toEqual({ kind: 'none', reason: 'no nvidia-smi on PATH: running trials on CPU slots' });
  });

  it('gives up on an nvidia-smi that hangs, within the timeout', async () => {
    const started = Date.now();
    expect(await detectGpus({ env: fakeEnv('hang', true), timeoutMs: 300 })).toEqual({
      kind: 'none',
      reason: 'nvidia-smi did not answer within 300 ms: running trials on CPU slots',
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports output it cannot read instead of throwing', async () => {
    const dir = tempDir('tundra-garbled-nvidia-smi-');
    const program = path.join(dir, 'nvidia-smi');
    writeFileSync(program, '#!/bin/sh\necho "WARNING: infoROM is corrupted at gpu 0000:01:00.0"\n');
    chmodSync(program, 0o755);
    const found = await detectGpus({ env: { PATH: dir } });
    expect(found).toEqual({
      kind: 'none',
      reason: expect.stringMatching(/^nvidia-smi output: expected 6 comma-separated fields .* in line "WARNING: infoROM is corrupted at gpu 0000:01:00\.0": running trials on CPU slots$/),
    });
  });

  it('says so when nvidia-smi dies from a signal', async () => {
    const dir = tempDir('tundra-crashing-nvidia-smi-');
    const program = path.join(dir, 'nvidia-smi');
    writeFileSync(program, '#!/bin/sh\nkill -KILL $$\n');
    chmodSync(program, 0o755);
    expect(await detectGpus({ env: { PATH: dir } })).toEqual({ kind: 'none', reason: 'nvidia-smi was killed by SIGKILL: running trials on CPU slots' });
  });

  it('the fake refuses any query but Tundra\'s, so a changed argv fails these tests', async () => {
    // The fake answers only NVIDIA_SMI_QUERY_ARGS; calling it some other way is exit code 2.
    const dir = tempDir('tundra-wrapped-nvidia-smi-');
    mkdirSync(path.join(dir, 'bin'));
    const wrapper = path.join(dir, 'bin', 'nvidia-smi');
    writeFileSync(wrapper, `#!/bin/sh\nexec "${path.join(fakeBin, 'nvidia-smi')}" -L\n`);
    chmodSync(wrapper, 0o755);
    const found = await detectGpus({ env: { PATH: path.join(dir, 'bin'), TUNDRA_FAKE_NVIDIA_SMI: 'one' } });
    expect(found).toEqual({ kind: 'none', reason: 'nvidia-smi exited with code 2 (fake nvidia-smi: unexpected arguments: -L): running trials on CPU slots' });
  });

  it('runs a program named by path', async () => {
    const found = await detectGpus({ command: path.join(fakeBin, 'nvidia-smi'), env: fakeEnv('two') });
    expect(found.kind).toBe('gpus');
    expect(await detectGpus({ command: path.join(tempDir(), 'nvidia-smi'), env: {} })).toEqual({
      kind: 'none',
      reason: expect.stringMatching(/nvidia-smi not found: running trials on CPU slots$/),
    });
  });
});
