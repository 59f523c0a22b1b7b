import type { ExperimentSpec } from '../../../shared/experiment-file';
import { CpuSlots, type SlotGrant, type SlotsFactory, type TrialSlots } from '../../scheduler/slots';
import { cudaEnvironment } from './cuda-environment';
import { GpuSlots, type GpuGrant, type GpuSettings } from './gpu-slots';
import type { GpuDetection } from './nvidia-smi';

/** The experiment file's `gpus` section, or the default: every GPU, one per trial, one trial per GPU. */
export function gpuSettingsOf(spec: ExperimentSpec): GpuSettings {
  const gpus = spec.gpus;
  return {
    devices: gpus?.devices ?? 'all',
    gpusPerTrial: gpus?.per_trial ?? 1,
    trialsPerGpu: gpus?.trials_per_gpu ?? 1,
    ...(gpus?.memory_per_trial === undefined ? {} : { memoryPerTrialMiB: gpus.memory_per_trial }),
  };
}

/** GPU slots for one experiment, as the scheduler sees them. */
class GpuTrialSlots implements TrialSlots {
  private readonly grants = new Map<number, GpuGrant>();

  constructor(private readonly slots: GpuSlots) {}

  acquire(trialId: number): SlotGrant | null {
    const grant = this.slots.acquire(trialId);
    if (!grant) return null;
    this.grants.set(trialId, grant);
    return { env: { ...cudaEnvironment(grant) }, label: grant.cudaVisibleDevices };
  }

  adopt(trialId: number, label: string | null): void {
    const devices = (label ?? '').split(',').filter((part) => /^\d+$/.test(part)).map(Number);
    this.grants.set(trialId, this.slots.adopt(trialId, devices));
  }

  release(trialId: number): void {
    this.slots.release(trialId);
    this.grants.delete(trialId);
  }

  reducePacking(trialId: number): boolean {
    const grant = this.grants.get(trialId);
    return grant ? this.slots.reducePacking(grant.devices) : false;
  }

  describe(): string {
    return this.slots
      .snapshot()
      .filter((device) => device.selected)
      .map((device) => `GPU ${device.index} ${device.name}: ${device.trialIds.length}/${device.limit} trials`)
      .join('; ');
  }
}

/**
 * Slots from what nvidia-smi found: CPU-only (environment untouched) when there is no GPU; else
 * the experiment's `gpus` settings on the detected devices, refused with the field and the fix
 * when they cannot work here. A file that asks for `per_trial: 0` gets CPU trials that see no GPU.
 *
 * Each experiment gets its own allocator: two experiments running at the same time on one
 * machine do not yet coordinate their GPUs.
 */
export function gpuSlotsFactory(detection: () => GpuDetection): SlotsFactory {
  return (spec) => {
    const found = detection();
    if (found.kind === 'none') {
      if (spec.gpus && spec.gpus.per_trial > 0) {
        // Asked for GPUs explicitly but there are none: say so rather than silently run on CPU.
        throw new Error(`gpus.per_trial: ${spec.gpus.per_trial} GPU(s) per trial asked for, but ${found.reason}; set per_trial: 0 to run on CPU`);
      }
      return new CpuSlots(found.reason);
    }
    // Throws, naming the field and the fix, for settings this machine cannot satisfy.
    return new GpuTrialSlots(new GpuSlots(found.devices, gpuSettingsOf(spec)));
  };
}
