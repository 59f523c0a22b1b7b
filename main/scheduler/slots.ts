import type { ExperimentSpec } from '../../shared/experiment-file';

/** A place for one trial to run: which GPUs it sees, if Tundra decides that. */
export interface SlotGrant {
  /** CUDA_VISIBLE_DEVICES for the trial; null leaves the user's environment as it is (no GPUs known). */
  readonly cudaVisibleDevices: string | null;
}

/**
 * Where trials may run. The experiment's `budget.parallel` caps the count; this caps it further by
 * the GPUs (gpus_per_trial, trials_per_gpu, memory) when there are any.
 */
export interface TrialSlots {
  acquire(trialId: number): SlotGrant | null;
  release(trialId: number): void;
  /** After CUDA ran out of memory on this trial's GPUs: pack fewer trials onto them from now on. */
  reducePacking(trialId: number): boolean;
  /** One line for the UI and logs: "2 of 4 GPU slots busy" or "CPU only: no GPUs found". */
  describe(): string;
}

/** No GPUs known (no nvidia-smi): every trial gets a slot; the environment is left alone. */
export class CpuSlots implements TrialSlots {
  constructor(private readonly reason: string) {}
  acquire(): SlotGrant {
    return { cudaVisibleDevices: null };
  }
  release(): void {}
  reducePacking(): boolean {
    return false;
  }
  describe(): string {
    return `CPU only: ${this.reason}`;
  }
}

export type SlotsFactory = (spec: ExperimentSpec) => TrialSlots;

export const cpuSlotsFactory: SlotsFactory = () => new CpuSlots('no GPUs detected');
