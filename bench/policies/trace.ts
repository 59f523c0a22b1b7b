import { normalisedRegret, type CurveTable } from './tables';

/** One point of an anytime curve: the regret of the best final value found so far, when it changed. */
export interface TracePoint {
  readonly steps: number;
  readonly seconds: number;
  readonly regret: number;
}

/**
 * What a run spent and found, as it went: every step trained counts one unit of resource (a thawed
 * trial's steps too, never twice), and the incumbent is the best loss at the last step among the
 * trials that got there (a trial stopped or frozen early has no final value).
 */
export class Trace {
  steps = 0;
  seconds = 0;
  readonly points: TracePoint[] = [];
  trials = 0;
  private incumbent = Infinity;

  constructor(private readonly table: CurveTable) {}

  step(_configuration: number, step: number, loss: number, nowMs: number): void {
    this.steps += 1;
    this.seconds = nowMs / 1000;
    if (step === this.table.maxStep && loss < this.incumbent) {
      this.incumbent = loss;
      this.points.push({ steps: this.steps, seconds: this.seconds, regret: normalisedRegret(this.table, loss) });
    }
  }

  finish(trials: number): void {
    this.trials = trials;
  }

  /** The regret after `steps` units of resource (Infinity before any trial finished). */
  regretAtSteps(steps: number): number {
    let regret = Infinity;
    for (const point of this.points) {
      if (point.steps > steps) break;
      regret = point.regret;
    }
    return regret;
  }

  regretAtSeconds(seconds: number): number {
    let regret = Infinity;
    for (const point of this.points) {
      if (point.seconds > seconds) break;
      regret = point.regret;
    }
    return regret;
  }

  /** The resource spent when the regret first came within `target`, or Infinity. */
  stepsToRegret(target: number): number {
    return this.points.find((point) => point.regret <= target)?.steps ?? Infinity;
  }

  toJSON(): { steps: number; seconds: number; trials: number; points: TracePoint[] } {
    return { steps: this.steps, seconds: this.seconds, trials: this.trials, points: this.points };
  }
}
