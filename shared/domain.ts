import type { ExperimentSpec, ObjectiveMode } from './experiment-file';
import type { ParamValues } from './search-space';

/** Domain records as the API hands them out. Timestamps are milliseconds since the epoch. */

export const EXPERIMENT_STATES = ['draft', 'running', 'stopping', 'completed', 'stopped', 'failed'] as const;
export type ExperimentState = (typeof EXPERIMENT_STATES)[number];

/**
 * `interrupted`: it was running when Tundra itself went away (killed, crashed, power cut); it does
 * not count against the budget, because no decision about its configuration was ever made.
 */
export const TRIAL_STATES = ['queued', 'running', 'completed', 'failed', 'stopped', 'interrupted'] as const;
export type TrialState = (typeof TRIAL_STATES)[number];

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
  readonly best: BestTrial | null;
}

export interface TrialCounts {
  readonly queued: number;
  readonly running: number;
  readonly completed: number;
  readonly failed: number;
  readonly stopped: number;
  readonly interrupted: number;
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
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
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
