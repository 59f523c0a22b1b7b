import { stringify as toYaml } from 'yaml';
import type { Experiment } from '../../shared/domain';

/**
 * The experiment file that runs this experiment again: its spec as stored, with the seed that was
 * drawn for it and the workdir made absolute. Random, sobol and grid searchers then propose the
 * same configurations; model-based ones (tpe, gp) do too as long as the results come out the same.
 */
export function formatExperimentFile(experiment: Experiment): string {
  const header = [`# Exported by Tundra from experiment ${experiment.id} "${experiment.name}" (seed fixed: the searcher starts from the same random state).`];
  if (experiment.origin) {
    header.push(`# Imported from ${experiment.origin.kind === 'optuna-study' ? 'an Optuna study' : experiment.origin.kind}: ${experiment.origin.source}.`);
    header.push('# Replace the command with the one that trains your model before running it.');
  }
  return `${header.join('\n')}\n${toYaml(experiment.spec)}`;
}
