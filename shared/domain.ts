import type { ExperimentSpec, ObjectiveMode } from './experiment-file';
import type { ParamValues } from './search-space';

/** Domain records as the API hands them out. Timestamps are milliseconds since the epoch. */

/**
 * `paused`: the user paused or froze its trials; nothing new is launched until it is resumed.
 */
export const EXPERIMENT_STATES = ['draft', 'running', 'paused', 'stopping', 'completed', 'stopped', 'failed'] as const;
export type ExperimentState = (typeof EXPERIMENT_STATES)[number];

/**
 * - `paused`: its processes are suspended in memory (SIGSTOP): GPU memory stays held.
 * - `frozen`: it wrote a checkpoint (if it can) and exited; its slot and GPU are free; `thaw`
 *   relaunches it with TUNDRA_RESUME=1.
 * - `interrupted`: it was running when Tundra itself went away (killed, crashed, power cut) and its
 *   process was gone on the next start; it does not count against the budget, and thaw resumes it.
 */
export const TRIAL_STATES = ['queued', 'running', 'paused', 'frozen', 'completed', 'failed', 'stopped', 'interrupted'] as const;
export type TrialState = (typeof TRIAL_STATES)[number];

/** States in which a trial holds a process (and a slot). */
export const LIVE_TRIAL_STATES: readonly TrialState[] = ['running', 'paused'];
/** States from which `thaw` relaunches a trial. */
export const THAWABLE_TRIAL_STATES: readonly TrialState[] = ['frozen', 'interrupted', 'stopped'];
export const FINISHED_TRIAL_STATES: readonly TrialState[] = ['completed', 'failed', 'stopped', 'interrupted'];

export function isTrialFinished(state: TrialState): boolean {
  return FINISHED_TRIAL_STATES.includes(state);
}

export interface Experiment {
  readonly id: number;
  readonly name: string;
  readonly state: ExperimentState;
  readonly spec: ExperimentSpec;
  /** The experiment file as the user wrote it, kept for export and editing. */
  readonly sourceYaml: string;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** Why the experiment failed or was stopped, in words. */
  readonly message: string | null;
  readonly counts: TrialCounts;
  /** Grows with every change to it or its trials: a client keeps the record with the larger one. */
  readonly revision: number;
  readonly best: BestTrial | null;
  /** Set when the experiment is history imported from elsewhere: it is read-only and never runs. */
  readonly origin?: ExperimentOrigin;
}

/** Where an imported experiment came from. */
export interface ExperimentOrigin {
  readonly kind: 'optuna-study';
  /** In words, e.g. `study "mnist" in /home/me/optuna.db`. */
  readonly source: string;
  readonly importedAt: number;
}

export interface TrialCounts {
  readonly queued: number;
  readonly running: number;
  readonly completed: number;
  readonly failed: number;
  readonly stopped: number;
  readonly interrupted: number;
  readonly paused: number;
  readonly frozen: number;
}

export interface BestTrial {
  readonly trialId: number;
  readonly number: number;
  readonly value: number;
  readonly params: ParamValues;
}

export interface Trial {
  readonly id: number;
  readonly experimentId: number;
  /** 1-based position within its experiment, what users call "trial 7". */
  readonly number: number;
  readonly state: TrialState;
  readonly params: ParamValues;
  /** The objective's result: its last reported value, or the value reported with `final: true`. */
  readonly value: number | null;
  readonly lastStep: number | null;
  readonly exitCode: number | null;
  /** Why it failed or was stopped, in words (includes the signal, or the launch error). */
  readonly message: string | null;
  readonly pid: number | null;
  readonly dir: string;
  /** Where the script writes checkpoints (TUNDRA_CHECKPOINT_DIR); kept across freeze and thaw. */
  readonly checkpointDir: string;
  /** How many times it was thawed (relaunched after a freeze or an interruption). */
  readonly thaws: number;
  /** Freeze it on its own once it reports this step (thaw --until-step). */
  readonly untilStep: number | null;
  /** The trial this one re-runs (retry, or a re-queue after CUDA ran out of memory). */
  readonly retryOf: number | null;
  /**
   * CUDA_VISIBLE_DEVICES it ran with: GPU indexes, or '' for a CPU trial on a GPU machine (it sees
   * no GPU). Null before it first ran, and where Tundra found no GPUs (its environment untouched).
   */
  readonly gpus: string | null;
  /**
   * Completed because a stopping policy (median, or ASHA's or Hyperband's stopping variant) ended it
   * before it ran its course: `value` is the objective at `lastStep`, not a final result, so it is
   * never the best trial and the searchers compare it only at a step it reached.
   */
  readonly stoppedEarly: boolean;
  /** Grows with every change: a client keeps the record with the larger one. */
  readonly revision: number;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
}

/** A GPU as nvidia-smi describes it. */
export interface GpuInfo {
  readonly index: number;
  readonly uuid: string;
  readonly name: string;
  readonly memoryTotalMiB: number;
  readonly memoryUsedMiB: number;
  readonly utilizationPercent: number | null;
}

/** What Tundra runs trials on: GPUs, or CPU slots with the reason there are no GPUs. */
export type GpuStatus = { readonly kind: 'gpus'; readonly devices: readonly GpuInfo[] } | { readonly kind: 'none'; readonly reason: string };

/** One GPU's utilisation and memory at one time. */
export interface GpuSample {
  readonly time: number;
  readonly index: number;
  readonly utilizationPercent: number | null;
  readonly memoryUsedMiB: number;
  readonly memoryTotalMiB: number;
}

export interface MetricPoint {
  readonly trialId: number;
  readonly step: number;
  readonly name: string;
  readonly value: number;
  readonly time: number;
}

export interface ExampleExperiment {
  readonly name: string;
  readonly description: string;
  /** Absolute path of the example's experiment.yaml on the machine that runs Tundra. */
  readonly path: string;
  readonly yaml: string;
}

export function isBetter(candidate: number, incumbent: number, mode: ObjectiveMode): boolean {
  return mode === 'min' ? candidate < incumbent : candidate > incumbent;
}
