import type { Experiment, Trial } from '../../shared/domain';

/** The whole record: the spec it ran, its state, its best trial and every trial (results-json, results-yaml). */
export function resultsDocument(experiment: Experiment, trials: readonly Trial[]) {
  return {
    experiment: experiment.spec,
    state: experiment.state,
    ...(experiment.origin ? { origin: experiment.origin } : {}),
    best: experiment.best
      ? { trial: experiment.best.number, [experiment.spec.objective.metric]: experiment.best.value, params: experiment.best.params }
      : null,
    trials: trials.map((trial) => ({
      trial: trial.number,
      state: trial.state,
      params: trial.params,
      value: trial.value,
      steps: trial.lastStep,
      // Only where true: its value is at `steps`, short of the end (Trial.stoppedEarly).
      ...(trial.stoppedEarly ? { stoppedEarly: true } : {}),
      seconds: trial.startedAt !== null && trial.endedAt !== null ? (trial.endedAt - trial.startedAt) / 1000 : null,
      ...(trial.message ? { message: trial.message } : {}),
    })),
  };
}
