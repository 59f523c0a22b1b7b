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

/**
 * Which GPUs each running experiment's trials hold, shared by every experiment's slots: a GPU in
 * use by one experiment is not handed to another (packing happens within an experiment only).
 */
class GpuLedger {
  private readonly holders = new Map<GpuTrialSlots, Map<number, readonly number[]>>();

  hold(owner: GpuTrialSlots, trialId: number, devices: readonly number[]): void {
    if (!this.holders.has(owner)) this.holders.set(owner, new Map());
    this.holders.get(owner)!.set(trialId, devices);
  }

  free(owner: GpuTrialSlots, trialId: number): void {
    this.holders.get(owner)?.delete(trialId);
  }

  usedByOthers(owner: GpuTrialSlots): Set<number> {
    const used = new Set<number>();
    for (const [other, trials] of this.holders) {
      if (other === owner) continue;
      for (const devices of trials.values()) for (const index of devices) used.add(index);
    }
    return used;
  }
}

/** GPU slots for one experiment, as the scheduler sees them. */
class GpuTrialSlots implements TrialSlots {
  private readonly grants = new Map<number, GpuGrant>();

  constructor(
    private readonly slots: GpuSlots,
    private readonly ledger: GpuLedger,
  ) {}

  acquire(trialId: number): SlotGrant | null {
    const grant = this.slots.acquire(trialId, this.ledger.usedByOthers(this));
    if (!grant) return null;
    this.grants.set(trialId, grant);
    this.ledger.hold(this, trialId, grant.devices);
    return { env: { ...cudaEnvironment(grant) }, label: grant.cudaVisibleDevices };
  }

  adopt(trialId: number, label: string | null): void {
    const devices = (label ?? '').split(',').filter((part) => /^\d+$/.test(part)).map(Number);
    const grant = this.slots.adopt(trialId, devices);
    this.grants.set(trialId, grant);
    this.ledger.hold(this, trialId, grant.devices);
  }

  release(trialId: number): void {
    this.slots.release(trialId);
    this.grants.delete(trialId);
    this.ledger.free(this, trialId);
  }

  busyElsewhere(): boolean {
    return this.ledger.usedByOthers(this).size > 0;
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
 * Each experiment gets its own allocator (its own settings and packing); a shared ledger keeps
 * two experiments running at once off each other's GPUs.
 */
export function gpuSlotsFactory(detection: () => GpuDetection): SlotsFactory {
  const ledger = new GpuLedger();
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
    return new GpuTrialSlots(new GpuSlots(found.devices, gpuSettingsOf(spec)), ledger);
  };
}
