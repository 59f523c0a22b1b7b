import { TrialProcess, type AdoptOptions, type LaunchOptions, type TrialExit, type TrialListener } from './trial-process';

/**
 * What the scheduler holds of a running trial: the part of TrialProcess it uses. An interface so
 * the benchmark's simulator (bench/policies) can drive the real scheduler loop with recorded
 * learning curves in virtual time instead of processes; the app always uses `processLauncher`.
 */
export interface TrialHandle {
  readonly pid: number | undefined;
  readonly startTime: string | null;
  readonly exited: Promise<TrialExit>;
  /** How far stdout.log has been read: stored with the metrics so a re-adoption resumes there. */
  readonly stdoutOffset: number;
  pause(): void;
  resume(): void;
  /** Tundra is leaving it running (to be re-adopted): stop watching without signalling. */
  detach(): void;
  stop(): Promise<TrialExit>;
  freeze(graceMs?: number): Promise<TrialExit>;
}

export interface TrialLauncher {
  launch(options: LaunchOptions, listener: TrialListener): TrialHandle;
  adopt(options: AdoptOptions, listener: TrialListener): TrialHandle;
}

/** Real processes (runner/trial-process.ts). */
export const processLauncher: TrialLauncher = {
  launch: (options, listener) => TrialProcess.launch(options, listener),
  adopt: (options, listener) => TrialProcess.adopt(options, listener),
};
