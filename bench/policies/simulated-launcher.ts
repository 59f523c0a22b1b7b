import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TrialHandle, TrialLauncher } from '../../main/runner/trial-launcher';
import type { LaunchOptions, TrialExit, TrialListener } from '../../main/runner/trial-process';
import type { ParamValues } from '../../shared/search-space';
import { nearestConfiguration, type CurveTable } from './tables';
import type { VirtualEvent, VirtualTime } from './virtual-time';

/** The metric simulated trials report: their table loss. */
export const SIMULATED_METRIC = 'loss';
const CHECKPOINT_FILE = 'simulated.json';

/** Everything the benchmark counts, told as it happens. */
export interface SimulationObserver {
  /** One step trained by trial `trialNumber` (configuration `configuration`), at the clock's time. */
  onStep(configuration: number, step: number, loss: number): void;
}

/**
 * Trials that replay recorded curves instead of running a process: each step's loss is reported
 * after that step's recorded seconds of virtual time. Freezing writes a checkpoint (the step
 * reached) into the trial's real checkpoint folder and exits at once, as the Python helper does;
 * thawing with TUNDRA_RESUME=1 continues from it, so the scheduler's own freeze/thaw path runs.
 */
export class SimulatedLauncher implements TrialLauncher {
  private readonly nearest = new Map<string, number>();
  private readonly taken = new Set<number>();

  constructor(
    private readonly table: CurveTable,
    private readonly time: VirtualTime,
    private readonly observer: SimulationObserver,
  ) {}

  launch(options: LaunchOptions, listener: TrialListener): TrialHandle {
    const params = JSON.parse(options.env.TUNDRA_PARAMS ?? '{}') as ParamValues;
    const key = JSON.stringify(params);
    // The same parameters (a thaw, a retry) replay the same configuration; new ones get an untried one.
    let configuration = this.nearest.get(key);
    if (configuration === undefined) {
      configuration = nearestConfiguration(this.table, params, this.taken);
      this.nearest.set(key, configuration);
      this.taken.add(configuration);
    }
    const checkpointDir = options.env.TUNDRA_CHECKPOINT_DIR!;
    let step = 0;
    if (options.env.TUNDRA_RESUME === '1') {
      step = (JSON.parse(readFileSync(path.join(checkpointDir, CHECKPOINT_FILE), 'utf8')) as { step: number }).step;
    }
    return new SimulatedTrial(this.table, configuration, step, checkpointDir, this.time, listener, this.observer);
  }

  adopt(): TrialHandle {
    throw new Error('simulated trials outlive nothing: there is nothing to adopt');
  }
}

class SimulatedTrial implements TrialHandle {
  readonly pid = undefined;
  readonly startTime = null;
  readonly stdoutOffset = 0;
  readonly exited: Promise<TrialExit>;
  private resolveExit!: (exit: TrialExit) => void;
  private pending: VirtualEvent | null = null;
  private done = false;
  private pausedRemainingMs: number | null = null;

  constructor(
    private readonly table: CurveTable,
    private readonly configuration: number,
    private step: number,
    private readonly checkpointDir: string,
    private readonly time: VirtualTime,
    private readonly listener: TrialListener,
    private readonly observer: SimulationObserver,
  ) {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
    this.scheduleNextStep(0);
  }

  private scheduleNextStep(alreadySpentMs: number): void {
    if (this.step >= this.table.maxStep) {
      this.pending = this.time.schedule(this.time.now, () => this.exit({ code: 0, signal: null, launchError: null }));
      return;
    }
    const costMs = this.table.seconds[this.configuration]![this.step]! * 1000 - alreadySpentMs;
    this.pending = this.time.schedule(this.time.now + costMs, () => this.trainStep());
  }

  private trainStep(): void {
    this.pending = null;
    this.step += 1;
    const loss = this.table.losses[this.configuration]![this.step - 1]!;
    this.observer.onStep(this.configuration, this.step, loss);
    this.listener.onReport(
      Number.isFinite(loss)
        ? { step: this.step, metrics: { [SIMULATED_METRIC]: loss }, final: false, nonFinite: [] }
        : { step: this.step, metrics: {}, final: false, nonFinite: [SIMULATED_METRIC] },
    );
    // The scheduler may have stopped or frozen it while handling the report.
    if (!this.done && this.pending === null && this.pausedRemainingMs === null) this.scheduleNextStep(0);
  }

  private exit(exit: TrialExit): void {
    if (this.done) return;
    this.done = true;
    if (this.pending) this.pending.cancelled = true;
    this.pending = null;
    this.resolveExit(exit);
  }

  pause(): void {
    if (this.done || !this.pending || this.pausedRemainingMs !== null) return;
    this.pausedRemainingMs = this.pending.time - this.time.now;
    this.pending.cancelled = true;
    this.pending = null;
  }

  resume(): void {
    if (this.pausedRemainingMs === null) return;
    const remaining = this.pausedRemainingMs;
    this.pausedRemainingMs = null;
    this.pending = this.time.schedule(this.time.now + remaining, () => this.trainStep());
  }

  detach(): void {
    this.exit({ code: null, signal: null, launchError: null, adopted: true });
  }

  stop(): Promise<TrialExit> {
    this.exit({ code: null, signal: 'SIGTERM', launchError: null });
    return this.exited;
  }

  freeze(): Promise<TrialExit> {
    if (!this.done) {
      mkdirSync(this.checkpointDir, { recursive: true });
      writeFileSync(path.join(this.checkpointDir, CHECKPOINT_FILE), JSON.stringify({ step: this.step }));
      this.exit({ code: 0, signal: null, launchError: null });
    }
    return this.exited;
  }
}
