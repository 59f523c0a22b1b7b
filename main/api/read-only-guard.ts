import type { Experiment } from '../../shared/domain';
import { fail, type ApiError } from '../../shared/result';
import type { Scheduler } from '../scheduler/scheduler';
import type { Store } from '../store/store';

/** Why an experiment must not run, or null: imported history (an Optuna study) never runs. */
export function readOnlyProblem(experiment: Experiment | undefined): { ok: false; error: ApiError } | null {
  if (!experiment?.origin) return null;
  return fail(
    'unsupported',
    `Experiment "${experiment.name}" is history imported from ${experiment.origin.source}: it is read-only and cannot be started, resumed, ` +
      'thawed, retried or cloned. Export it as an experiment file (--format experiment), put your training command in it and run that.',
  );
}

type Guarded = 'start' | 'resumeExperiment' | 'updateBudget' | 'resumeTrial' | 'thawTrial' | 'retryTrial' | 'cloneTrial';

/**
 * The scheduler as the API and the CLI see it: every call that would launch a trial, or change an
 * experiment's budget, is refused for imported history before the scheduler sees it. Everything
 * else goes to the scheduler itself.
 */
export function guardImportedHistory(scheduler: Scheduler, store: Store): Scheduler {
  const byExperiment = (id: number) => readOnlyProblem(store.experiments.get(id));
  const byTrial = (id: number) => {
    const trial = store.trials.get(id);
    return trial ? readOnlyProblem(store.experiments.get(trial.experimentId)) : null;
  };
  const guards: Pick<Scheduler, Guarded> = {
    start: (id) => byExperiment(id) ?? scheduler.start(id),
    resumeExperiment: (id) => byExperiment(id) ?? scheduler.resumeExperiment(id),
    updateBudget: (id, budget) => byExperiment(id) ?? scheduler.updateBudget(id, budget),
    resumeTrial: (id) => byTrial(id) ?? scheduler.resumeTrial(id),
    thawTrial: (id, untilStep) => byTrial(id) ?? scheduler.thawTrial(id, untilStep),
    retryTrial: (id) => byTrial(id) ?? scheduler.retryTrial(id),
    cloneTrial: (id, params) => byTrial(id) ?? scheduler.cloneTrial(id, params),
  };
  return new Proxy(scheduler, {
    get(target, key) {
      if (typeof key === 'string' && Object.hasOwn(guards, key)) return guards[key as Guarded];
      const value: unknown = Reflect.get(target, key, target);
      // Bound to the scheduler itself, so its own state is never written on the proxy.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
