import type { MetricPoint } from '../../shared/domain';
import type { TrialReport } from '../runner/trial-process';

/**
 * Turns one trial's reports into stored metric points and its current result. The result is the
 * last reported value of the objective metric, unless the script reported `final: true`, which
 * then wins over anything reported later.
 */
export class ObjectiveTracker {
  private finalValue: number | null = null;
  private lastValue: number | null = null;
  private step: number | null = null;
  private diverged: number | null = null;

  constructor(
    private readonly trialId: number,
    private readonly objectiveMetric: string,
  ) {}

  get value(): number | null {
    return this.finalValue ?? this.lastValue;
  }

  get lastStep(): number | null {
    return this.step;
  }

  /** The step at which the objective was first reported as NaN or infinite, if it ever was. */
  get divergedAtStep(): number | null {
    return this.diverged;
  }

  /** Carries a thawed or re-adopted trial's result and last step over from the database. */
  restore(value: number | null, lastStep: number | null): void {
    this.lastValue = value;
    this.step = lastStep;
  }

  /** Returns the points to store. A report without a step continues after the last one. */
  apply(report: TrialReport, now: number): MetricPoint[] {
    const objective = report.metrics[this.objectiveMetric];
    const step = report.step ?? (this.step === null ? 0 : this.step + 1);
    if (this.diverged === null && report.nonFinite.includes(this.objectiveMetric)) this.diverged = step;
    if (report.final) {
      if (objective !== undefined) this.finalValue = objective;
      // A final report is a result, not a point on the curve, unless it names its step.
      if (report.step === null) return [];
    } else if (objective !== undefined) {
      this.lastValue = objective;
    }
    this.step = this.step === null ? step : Math.max(this.step, step);
    return Object.entries(report.metrics).map(([name, value]) => ({ trialId: this.trialId, name, step, value, time: now }));
  }
}
