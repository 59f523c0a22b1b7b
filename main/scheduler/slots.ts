import type { ExperimentSpec } from '../../shared/experiment-file';

/** A place for one trial to run, and what the trial's environment gets for it. */
export interface SlotGrant {
  /** Merged over the trial's environment (CUDA_VISIBLE_DEVICES ...); empty when no GPUs are known. */
  readonly env: Readonly<Record<string, string>>;
  /** What to record on the trial (trials.gpus): the CUDA_VISIBLE_DEVICES it got; null for none known. */
  readonly label: string | null;
}

/**
 * Where trials may run. The experiment's `budget.parallel` caps the count; this caps it further by
 * the GPUs (per_trial, trials_per_gpu, memory) when there are any.
 */
export interface TrialSlots {
  /** Null when no slot is free now (the next exit frees one). */
  acquire(trialId: number): SlotGrant | null;
  /** A re-adopted trial keeps the GPUs it had (`label` as stored on the trial). */
  adopt(trialId: number, label: string | null): void;
  release(trialId: number): void;
  /**
   * After CUDA ran out of memory on this trial's GPUs: pack fewer trials onto them from now on.
   * False when nothing can be reduced (one trial per GPU already): the configuration does not fit.
   */
  reducePacking(trialId: number): boolean;
  /** One line for the UI and logs: "GPUs 0, 1 (1 trial each)" or "CPU only: no nvidia-smi on PATH". */
  describe(): string;
  /** Whether another experiment's trials hold GPUs this one could use (then it waits, not fails). */
  busyElsewhere(): boolean;
}

/** No GPUs known (no nvidia-smi, or none found): every trial gets a slot; the environment is left alone. */
export class CpuSlots implements TrialSlots {
  constructor(private readonly reason: string) {}
  acquire(): SlotGrant {
    return { env: {}, label: null };
  }
  adopt(): void {}
  release(): void {}
  reducePacking(): boolean {
    return false;
  }
  describe(): string {
    return `CPU only: ${this.reason}`;
  }
  busyElsewhere(): boolean {
    return false;
  }
}

/** Builds an experiment's slots when it starts; throws with a message naming the field and the fix. */
export type SlotsFactory = (spec: ExperimentSpec) => TrialSlots;

export const cpuSlotsFactory: SlotsFactory = () => new CpuSlots('no GPUs detected');
