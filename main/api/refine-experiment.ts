import { stringify as toYaml } from 'yaml';
import type { RefinedExperiment } from '../../shared/api';
import type { Experiment, Trial } from '../../shared/domain';
import { parseExperimentFile } from '../../shared/experiment-file';
import { fail, ok, type Result } from '../../shared/result';
import { refineSpace } from '../searchers/refine';

/** By default the top tenth of the trials that ran their course, and at least three. */
export function defaultTopK(completed: number): number {
  return Math.max(3, Math.ceil(completed / 10));
}

/** The experiment file for the next, narrower round of a coarse-to-fine search. */
export function refineExperiment(experiment: Experiment, trials: readonly Trial[], topK?: number): Result<RefinedExperiment> {
  const scored = trials
    // A trial a policy stopped early has a value at a lower step, not comparable with final ones.
    .filter((trial) => trial.state === 'completed' && !trial.stoppedEarly && trial.value !== null)
    .map((trial) => ({ params: trial.params, value: trial.value! }));
  if (scored.length === 0) return fail('conflict', `Experiment "${experiment.name}" has no trial that ran to the end with a result to refine around yet (trials a policy stopped early do not count).`);
  const { spec } = experiment;
  const refinement = refineSpace(spec.space, scored, spec.objective.mode, topK ?? defaultTopK(scored.length));
  // A new round gets a new seed: repeating the old one would redraw the old points, scaled.
  const { seed, ...search } = spec.search;
  const file = { ...spec, name: `${spec.name} (refined)`, search, space: refinement.space };
  const yaml = toYaml(file);
  // The proposal must itself be a valid file; if refinement ever produced an invalid one, say so.
  const check = parseExperimentFile(yaml);
  if (!check.ok) return fail('internal', `The refined space is not valid: ${check.error.message}`);
  return ok({ yaml, changes: refinement.changes });
}
