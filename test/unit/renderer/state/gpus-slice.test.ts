import { describe, expect, it } from 'vitest';
import type { GpuInfo, GpuSample, GpuStatus } from '../../../../shared/domain';
import { appendGpuSamples, emptyGpus, GPU_HISTORY_MS, gpuReadings, gpusLoadFailed, loadGpus } from '../../../../renderer/state/gpus-slice';

function device(index: number, memoryUsedMiB = 100): GpuInfo {
  return { index, uuid: `GPU-${index}`, name: `GPU model ${index}`, memoryTotalMiB: 24564, memoryUsedMiB, utilizationPercent: 5 };
}

function sample(index: number, time: number, utilizationPercent: number | null = 50): GpuSample {
  return { index, time, utilizationPercent, memoryUsedMiB: 4096, memoryTotalMiB: 24564 };
}

const TWO_GPUS: GpuStatus = { kind: 'gpus', devices: [device(1), device(0)] };

describe('gpus slice', () => {
  it('shows the status figures until a sample newer than the status arrives', () => {
    const loaded = loadGpus(emptyGpus, TWO_GPUS, [sample(0, 100)]);
    expect(gpuReadings(loaded).map((r) => [r.index, r.utilizationPercent, r.memoryUsedMiB])).toEqual([
      [0, 5, 100],
      [1, 5, 100],
    ]);
    const sampled = appendGpuSamples(loaded, [sample(0, 200, 77)]);
    expect(gpuReadings(sampled).map((r) => [r.index, r.utilizationPercent, r.memoryUsedMiB])).toEqual([
      [0, 77, 4096],
      [1, 5, 100],
    ]);
  });

  it('keeps a sample pushed during the status request only if it is newer than what the answer lists', () => {
    const pushed = appendGpuSamples(emptyGpus, [sample(0, 300, 90), sample(1, 100, 10)]);
    const loaded = loadGpus(pushed, TWO_GPUS, [sample(0, 200), sample(1, 100)]);
    expect(loaded.latest[0]?.utilizationPercent).toBe(90);
    // GPU 1's sample is already in the list, so the status (taken after it) is newer.
    expect(loaded.latest[1]).toBeUndefined();
  });

  it('ignores an older straggler and returns the same data when nothing is newer', () => {
    const data = appendGpuSamples(emptyGpus, [sample(0, 300, 90)]);
    expect(appendGpuSamples(data, [sample(0, 250, 10)])).toBe(data);
    expect(appendGpuSamples(data, [])).toBe(data);
  });

  it('takes the newest of several samples for one GPU in a batch, whatever their order', () => {
    const data = appendGpuSamples(emptyGpus, [sample(0, 300, 30), sample(0, 500, 50), sample(0, 400, 40)]);
    expect(data.latest[0]?.utilizationPercent).toBe(50);
  });

  it('has no readings on a machine without GPUs, and keeps the reason', () => {
    const data = loadGpus(emptyGpus, { kind: 'none', reason: 'no nvidia-smi on PATH' }, []);
    expect(gpuReadings(data)).toEqual([]);
    expect(data.status).toEqual({ kind: 'none', reason: 'no nvidia-smi on PATH' });
  });

  it('keeps a load error until a later load succeeds', () => {
    const failed = gpusLoadFailed(emptyGpus, 'Cannot reach the Tundra server.');
    expect(failed.loadError).toBe('Cannot reach the Tundra server.');
    expect(loadGpus(failed, TWO_GPUS, []).loadError).toBeNull();
  });

  it('keeps a history of every GPU in time order, joining listed and pushed samples once each', () => {
    const pushed = appendGpuSamples(emptyGpus, [sample(0, 300, 30), sample(1, 300, 31)]);
    const loaded = loadGpus(pushed, TWO_GPUS, [sample(0, 100, 10), sample(1, 100, 11), sample(0, 200, 20), sample(0, 300, 30)]);
    expect(loaded.history.map((s) => [s.index, s.time])).toEqual([
      [0, 100],
      [1, 100],
      [0, 200],
      [0, 300],
      [1, 300],
    ]);
    const more = appendGpuSamples(loaded, [sample(0, 400, 40), sample(0, 500, 50)]);
    expect(more.history.filter((s) => s.index === 0).map((s) => s.utilizationPercent)).toEqual([10, 20, 30, 40, 50]);
  });

  it('forgets samples older than the chart shows, counted from the newest one', () => {
    const old = appendGpuSamples(emptyGpus, [sample(0, 1_000)]);
    const later = appendGpuSamples(old, [sample(0, 1_000 + GPU_HISTORY_MS + 1)]);
    expect(later.history.map((s) => s.time)).toEqual([1_000 + GPU_HISTORY_MS + 1]);
  });
});
