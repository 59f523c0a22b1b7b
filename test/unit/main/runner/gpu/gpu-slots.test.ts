import { describe, expect, it } from 'vitest';
import { cudaEnvironment } from '../../../../../main/runner/gpu/cuda-environment';
import { GpuSlots, gpuSettingsProblems, type GpuSettings } from '../../../../../main/runner/gpu/gpu-slots';
import type { GpuDevice } from '../../../../../main/runner/gpu/nvidia-smi';

function gpu(index: number, memoryTotalMiB = 24576, memoryUsedMiB = 0, name = 'NVIDIA GeForce RTX 3090'): GpuDevice {
  return { index, uuid: `GPU-${index}`, name, memoryTotalMiB, memoryUsedMiB, utilizationPercent: 0 };
}

function gpus(count: number, memoryTotalMiB?: number): GpuDevice[] {
  return Array.from({ length: count }, (_, index) => gpu(index, memoryTotalMiB));
}

function settings(overrides: Partial<GpuSettings> = {}): GpuSettings {
  return { devices: 'all', gpusPerTrial: 1, trialsPerGpu: 1, ...overrides };
}

/** Acquires trials 1..count and returns the CUDA_VISIBLE_DEVICES each got ('-' for none). */
function fill(slots: GpuSlots, count: number, firstId = 1): string[] {
  return Array.from({ length: count }, (_, i) => slots.acquire(firstId + i)?.cudaVisibleDevices ?? '-');
}

describe('GPU slots', () => {
  it('gives one trial per GPU, lowest index first, and nothing once every GPU is taken', () => {
    const slots = new GpuSlots(gpus(2), settings());
    expect(slots.capacity()).toBe(2);
    expect(slots.acquire(1)).toEqual({ devices: [0], cudaVisibleDevices: '0' });
    expect(slots.acquire(2)).toEqual({ devices: [1], cudaVisibleDevices: '1' });
    expect(slots.acquire(3)).toBeNull();
  });

  it('spreads trials over GPUs before packing a second trial onto one', () => {
    const slots = new GpuSlots(gpus(2), settings({ trialsPerGpu: 2 }));
    expect(slots.capacity()).toBe(4);
    expect(fill(slots, 5)).toEqual(['0', '1', '0', '1', '-']);
    expect(slots.snapshot().map((d) => d.trialIds)).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });

  it('gives two whole GPUs per trial on an 8-GPU machine, then packs pairs when allowed', () => {
    const single = new GpuSlots(gpus(8, 81920), settings({ gpusPerTrial: 2 }));
    expect(single.capacity()).toBe(4);
    expect(fill(single, 5)).toEqual(['0,1', '2,3', '4,5', '6,7', '-']);

    const packed = new GpuSlots(gpus(8, 81920), settings({ gpusPerTrial: 2, trialsPerGpu: 2 }));
    expect(packed.capacity()).toBe(8);
    expect(fill(packed, 9)).toEqual(['0,1', '2,3', '4,5', '6,7', '0,1', '2,3', '4,5', '6,7', '-']);
  });

  it('with uneven limits, pairs a roomy GPU with tight ones so the capacity is reached', () => {
    const slots = new GpuSlots(gpus(3), settings({ gpusPerTrial: 2, trialsPerGpu: 3 }));
    for (let i = 0; i < 2; i += 1) slots.reducePacking([0, 1]);
    expect(slots.snapshot().map((d) => d.limit)).toEqual([1, 1, 3]);
    expect(slots.capacity()).toBe(2);
    expect(fill(slots, 3)).toEqual(['0,2', '1,2', '-']);
  });

  it('uses only the selected GPUs', () => {
    const slots = new GpuSlots(gpus(4), settings({ devices: [3, 1] }));
    expect(fill(slots, 3)).toEqual(['1', '3', '-']);
    expect(slots.snapshot().map((d) => [d.index, d.selected, d.limit])).toEqual([
      [0, false, 0],
      [1, true, 1],
      [2, false, 0],
      [3, true, 1],
    ]);
  });

  it('returns a released GPU to the pool, and releasing twice or an unknown trial does nothing', () => {
    const slots = new GpuSlots(gpus(2), settings());
    fill(slots, 2);
    slots.release(1);
    slots.release(1);
    slots.release(99);
    expect(slots.acquire(3)?.cudaVisibleDevices).toBe('0');
    expect(slots.acquire(4)).toBeNull();
  });

  it('answers a second acquire for the same trial with what it already holds', () => {
    const slots = new GpuSlots(gpus(2), settings());
    const first = slots.acquire(7);
    expect(slots.acquire(7)).toBe(first);
    expect(slots.snapshot().map((d) => d.trialIds)).toEqual([[7], []]);
  });

  describe('with memory_per_trial', () => {
    it('skips a GPU whose free memory at detection is too small', () => {
      const devices = [gpu(0, 24576, 20000), gpu(1, 24576, 1000)];
      const slots = new GpuSlots(devices, settings({ trialsPerGpu: 4, memoryPerTrialMiB: 8000 }));
      // GPU 0: 4576 MiB free, room for none; GPU 1: 23576 MiB free, room for 2 of its 4.
      expect(slots.capacity()).toBe(2);
      expect(fill(slots, 3)).toEqual(['1', '1', '-']);
      expect(slots.snapshot().map((d) => [d.freeMiB, d.limit])).toEqual([
        [4576, 0],
        [23576, 2],
      ]);
    });

    it("counts the memory Tundra's own trials hold and gives it back on release", () => {
      const slots = new GpuSlots([gpu(0, 24576, 0)], settings({ trialsPerGpu: 8, memoryPerTrialMiB: 10000 }));
      expect(fill(slots, 3)).toEqual(['0', '0', '-']);
      slots.release(1);
      expect(slots.acquire(4)?.cudaVisibleDevices).toBe('0');
    });

    it('prefers the GPU with more room when two are equally loaded', () => {
      const slots = new GpuSlots([gpu(0, 24576, 14000), gpu(1, 24576, 0)], settings({ trialsPerGpu: 4, memoryPerTrialMiB: 5000 }));
      // Both empty: GPU 1 has room for 4, GPU 0 for 2, so GPU 1 goes first.
      expect(fill(slots, 4)).toEqual(['1', '0', '1', '0']);
    });
  });

  describe('after CUDA ran out of memory', () => {
    it('packs one trial fewer onto those GPUs from now on, never fewer than one', () => {
      const slots = new GpuSlots(gpus(2), settings({ trialsPerGpu: 3 }));
      expect(slots.capacity()).toBe(6);
      expect(slots.reducePacking([0])).toBe(true);
      expect(slots.snapshot().map((d) => d.limit)).toEqual([2, 3]);
      expect(slots.capacity()).toBe(5);
      expect(slots.reducePacking([0])).toBe(true);
      expect(slots.reducePacking([0])).toBe(false);
      expect(slots.snapshot().map((d) => d.limit)).toEqual([1, 3]);
    });

    it('lets running trials finish but starts no new one on a GPU over its new limit', () => {
      const slots = new GpuSlots(gpus(1), settings({ trialsPerGpu: 3 }));
      expect(fill(slots, 3)).toEqual(['0', '0', '0']);
      slots.release(3);
      expect(slots.reducePacking([0])).toBe(true);
      slots.release(2);
      expect(slots.acquire(4)?.cudaVisibleDevices).toBe('0');
      expect(slots.acquire(5)).toBeNull();
    });

    it('lowers from the memory-capped limit, so the change is felt at once', () => {
      const slots = new GpuSlots([gpu(0, 24576, 0)], settings({ trialsPerGpu: 8, memoryPerTrialMiB: 8000 }));
      expect(slots.snapshot()[0]!.limit).toBe(3);
      expect(slots.reducePacking([0])).toBe(true);
      expect(slots.snapshot()[0]!.limit).toBe(2);
    });

    it('reports no change for one trial per GPU or GPUs it does not manage', () => {
      const slots = new GpuSlots(gpus(2), settings({ devices: [0] }));
      expect(slots.reducePacking([0])).toBe(false);
      expect(slots.reducePacking([1, 5])).toBe(false);
      expect(slots.reducePacking([])).toBe(false);
    });
  });

  describe('CPU-only trials (gpus.per_trial: 0)', () => {
    it('gives every trial an empty CUDA_VISIBLE_DEVICES and has no limit of its own', () => {
      const slots = new GpuSlots(gpus(2), settings({ gpusPerTrial: 0 }));
      expect(slots.capacity()).toBe(Infinity);
      for (let id = 1; id <= 20; id += 1) expect(slots.acquire(id)).toEqual({ devices: [], cudaVisibleDevices: '' });
      expect(slots.snapshot().every((d) => !d.selected && d.trialIds.length === 0)).toBe(true);
    });

    it('works on a machine with no GPUs at all', () => {
      const slots = new GpuSlots([], settings({ gpusPerTrial: 0, devices: [0] }));
      expect(slots.acquire(1)).toEqual({ devices: [], cudaVisibleDevices: '' });
      expect(slots.snapshot()).toEqual([]);
    });

    it('sets CUDA_VISIBLE_DEVICES to the empty string, which hides every GPU, and counts in PCI bus order', () => {
      expect(cudaEnvironment({ devices: [], cudaVisibleDevices: '' })).toEqual({ CUDA_VISIBLE_DEVICES: '', CUDA_DEVICE_ORDER: 'PCI_BUS_ID' });
      expect(cudaEnvironment({ devices: [2, 3], cudaVisibleDevices: '2,3' })).toEqual({ CUDA_VISIBLE_DEVICES: '2,3', CUDA_DEVICE_ORDER: 'PCI_BUS_ID' });
    });
  });

  it('re-adopts the GPUs of a trial still running after a restart, even past the limit', () => {
    const slots = new GpuSlots(gpus(2), settings());
    expect(slots.adopt(11, [1])).toEqual({ devices: [1], cudaVisibleDevices: '1' });
    expect(slots.adopt(12, [1, 9])).toEqual({ devices: [1], cudaVisibleDevices: '1' });
    expect(fill(slots, 2)).toEqual(['0', '-']);
    slots.release(11);
    slots.release(12);
    expect(slots.acquire(3)?.cudaVisibleDevices).toBe('1');
  });

  it('refuses settings that cannot work, naming the problems', () => {
    expect(() => new GpuSlots(gpus(2), settings({ devices: [3] }))).toThrow('gpus.devices: GPU 3 does not exist; this machine has GPUs 0, 1');
  });
});

describe('GPU settings problems', () => {
  it('accepts settings that fit the machine', () => {
    expect(gpuSettingsProblems(settings(), gpus(2))).toEqual([]);
    expect(gpuSettingsProblems(settings({ devices: [1], gpusPerTrial: 1, trialsPerGpu: 4, memoryPerTrialMiB: 4000 }), gpus(2))).toEqual([]);
    expect(gpuSettingsProblems(settings({ gpusPerTrial: 0 }), [])).toEqual([]);
  });

  it('names a GPU that does not exist and the ones that do', () => {
    expect(gpuSettingsProblems(settings({ devices: [0, 3] }), gpus(2))).toEqual(['gpus.devices: GPU 3 does not exist; this machine has GPUs 0, 1']);
    expect(gpuSettingsProblems(settings({ devices: [1] }), gpus(1))).toEqual(['gpus.devices: GPU 1 does not exist; this machine has GPU 0']);
  });

  it('asks for more GPUs per trial than are selected or present', () => {
    expect(gpuSettingsProblems(settings({ devices: [0], gpusPerTrial: 2 }), gpus(2))).toEqual([
      'gpus.per_trial: 2 GPUs per trial but only 1 selected (gpus.devices: [0]); lower gpus.per_trial or select more GPUs',
    ]);
    expect(gpuSettingsProblems(settings({ gpusPerTrial: 4 }), gpus(2))).toEqual([
      'gpus.per_trial: 4 GPUs per trial but this machine has only 2 (GPUs 0, 1); lower gpus.per_trial',
    ]);
  });

  it('points a machine without GPUs at CPU-only trials', () => {
    expect(gpuSettingsProblems(settings(), [])).toEqual([
      'gpus.per_trial: 1 GPU per trial but nvidia-smi sees no GPUs on this machine; set gpus.per_trial: 0 to run trials on CPU',
    ]);
  });

  it('flags malformed numbers, duplicates and an empty selection', () => {
    expect(gpuSettingsProblems(settings({ gpusPerTrial: -1, trialsPerGpu: 0, memoryPerTrialMiB: 0 }), gpus(1))).toEqual([
      'gpus.per_trial: must be a whole number, 0 or more (0 runs trials on CPU only); got -1',
      'gpus.trials_per_gpu: must be a whole number, at least 1; got 0',
      'gpus.memory_per_trial: must be a positive number of MiB; got 0',
    ]);
    expect(gpuSettingsProblems(settings({ devices: [0, 0, 1.5] }), gpus(2))).toEqual([
      'gpus.devices: GPU 0 is listed twice; list each GPU once',
      'gpus.devices: 1.5 is not a GPU index; use whole numbers as nvidia-smi numbers the GPUs, e.g. [0, 1]',
    ]);
    expect(gpuSettingsProblems(settings({ devices: [] }), gpus(2))).toEqual([
      'gpus.devices: no GPUs selected; list at least one (this machine has GPUs 0, 1) or set gpus.per_trial: 0 for CPU-only trials',
    ]);
  });

  it('ignores which GPUs exist for CPU-only trials', () => {
    expect(gpuSettingsProblems(settings({ gpusPerTrial: 0, devices: [5] }), gpus(1))).toEqual([]);
  });

  it('says when memory_per_trial is more than any selected GPU has', () => {
    const devices = [gpu(0, 24564, 0, 'NVIDIA GeForce RTX 4090'), gpu(1, 81920, 0, 'NVIDIA A100-SXM4-80GB')];
    expect(gpuSettingsProblems(settings({ devices: [0], memoryPerTrialMiB: 30000 }), devices)).toEqual([
      'gpus.memory_per_trial: 30000 MiB per trial but the largest selected GPU has 24564 MiB (GPU 0, NVIDIA GeForce RTX 4090); lower gpus.memory_per_trial',
    ]);
    expect(gpuSettingsProblems(settings({ gpusPerTrial: 2, memoryPerTrialMiB: 30000 }), devices)).toEqual([
      'gpus.memory_per_trial: 30000 MiB per trial on each of 2 GPUs but only GPU 1 has that much; lower gpus.memory_per_trial',
    ]);
  });

  it('says when the GPUs are too busy right now for even one trial', () => {
    const busy = [gpu(0, 24576, 23912), gpu(1, 24576, 21338)];
    expect(gpuSettingsProblems(settings({ memoryPerTrialMiB: 8000 }), busy)).toEqual([
      'gpus.memory_per_trial: 8000 MiB per trial but no selected GPU has that much free now (GPU 0: 664 MiB free, GPU 1: 3238 MiB free); free GPU memory (see nvidia-smi) or lower gpus.memory_per_trial',
    ]);
    // Busy is a condition of the moment, not a wrong setting: the slots can still be made.
    expect(new GpuSlots(busy, settings({ memoryPerTrialMiB: 8000 })).capacity()).toBe(0);
  });
});
