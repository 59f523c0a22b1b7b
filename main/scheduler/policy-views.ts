import type { Trial } from '../../shared/domain';
import type { CurvePoint, PolicyTrialView } from '../policies/policy';
import type { Store } from '../store/store';

/**
 * What a policy sees of an experiment's trials, kept in memory: reading every trial and curve from
 * SQLite on each report would make ingestion slow in proportion to the experiment's size. Loaded
 * once when the experiment's run starts (so a restarted Tundra rebuilds the same views from the
 * database), then updated as trials change (publishTrial) and report (record).
 */
export class PolicyViews {
  private readonly trials = new Map<number, { id: number; number: number; state: Trial['state']; untilStep: number | null; curve: CurvePoint[] }>();

  private constructor() {}

  static load(store: Store, experimentId: number, objectiveMetric: string): PolicyViews {
    const views = new PolicyViews();
    for (const trial of store.trials.listByExperiment(experimentId)) views.update(trial);
    for (const point of store.metrics.listByExperiment(experimentId, [objectiveMetric])) views.record(point.trialId, point.step, point.value);
    return views;
  }

  update(trial: Trial): void {
    const held = this.trials.get(trial.id);
    if (held) {
      held.state = trial.state;
      held.untilStep = trial.untilStep;
    } else {
      this.trials.set(trial.id, { id: trial.id, number: trial.number, state: trial.state, untilStep: trial.untilStep, curve: [] });
    }
  }

  /** An objective value at a step; a step reported again replaces its value (as in the database). */
  record(trialId: number, step: number, value: number): void {
    const view = this.trials.get(trialId);
    if (!view) return;
    const curve = view.curve;
    const last = curve.at(-1);
    if (!last || last.step < step) {
      curve.push({ step, value });
      return;
    }
    const at = curve.findIndex((p) => p.step >= step);
    if (curve[at]!.step === step) curve[at] = { step, value };
    else curve.splice(at, 0, { step, value });
  }

  list(): PolicyTrialView[] {
    return [...this.trials.values()];
  }

  /** Each trial's objective curve by trial id (what the searcher's multi-fidelity history reads). */
  curves(): Map<number, readonly CurvePoint[]> {
    return new Map([...this.trials.values()].map((view) => [view.id, view.curve]));
  }
}
