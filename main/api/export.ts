import { stringify as toYaml } from 'yaml';
import type { ExperimentExport, ExportFormat } from '../../shared/api';
import type { Experiment, Trial } from '../../shared/domain';
import { assertNever } from '../../shared/result';

/**
 * One export implementation for the CLI, the API and the UI: the experiment as it ran (its file
 * with the seed fixed, so it can be run again), its best configuration, and every trial.
 */
export function exportExperiment(experiment: Experiment, trials: readonly Trial[], format: ExportFormat): ExperimentExport {
  const document = {
    experiment: experiment.spec,
    state: experiment.state,
    best: experiment.best
      ? { trial: experiment.best.number, [experiment.spec.objective.metric]: experiment.best.value, params: experiment.best.params }
      : null,
    trials: trials.map((trial) => ({
      trial: trial.number,
      state: trial.state,
      params: trial.params,
      value: trial.value,
      steps: trial.lastStep,
      seconds: trial.startedAt !== null && trial.endedAt !== null ? (trial.endedAt - trial.startedAt) / 1000 : null,
      ...(trial.message ? { message: trial.message } : {}),
    })),
  };
  const baseName = experiment.name.replace(/[^A-Za-z0-9._-]+/g, '-');
  switch (format) {
    case 'json':
      return { fileName: `${baseName}.json`, mediaType: 'application/json', content: `${JSON.stringify(document, null, 2)}\n` };
    case 'yaml':
      return { fileName: `${baseName}.yaml`, mediaType: 'application/yaml', content: toYaml(document) };
    default:
      return assertNever(format);
  }
}
