import type { Experiment, Trial } from '../../shared/domain';
import { fail, ok, type Result } from '../../shared/result';

/**
 * The trial a configuration export describes: the one numbered `trialNumber`, else the best one.
 * `field` is how the caller names the choice in errors (`--trial` on the command line).
 */
export function pickTrial(experiment: Experiment, trials: readonly Trial[], trialNumber: number | undefined, field: string): Result<Trial> {
  if (trialNumber === undefined) {
    const best = experiment.best ? trials.find((trial) => trial.id === experiment.best!.trialId) : undefined;
    if (!best) {
      const message = `Experiment "${experiment.name}" has no trial that ran to the end with a ${experiment.spec.objective.metric} value yet (trials a policy stopped early do not count), so there is no best trial; choose one with ${field} N.`;
      return fail('not-found', message, [{ path: field, message: 'no best trial yet; give a trial number' }]);
    }
    return ok(best);
  }
  const trial = trials.find((candidate) => candidate.number === trialNumber);
  if (!trial) {
    const range = trials.length === 0 ? 'it has no trials yet' : `its trials are ${trials[0]!.number} to ${trials[trials.length - 1]!.number}`;
    const message = `${field} ${trialNumber}: experiment "${experiment.name}" has no trial ${trialNumber}; ${range}.`;
    return fail('not-found', message, [{ path: field, message: `no trial ${trialNumber}` }]);
  }
  if (Object.keys(trial.params).length === 0) {
    const message = `${field} ${trialNumber}: trial ${trialNumber} has no parameters to export; choose another trial.`;
    return fail('not-found', message, [{ path: field, message: 'the trial has no parameters' }]);
  }
  return ok(trial);
}
