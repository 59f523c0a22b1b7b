import type { ExperimentSpec } from '../../shared/experiment-file';
import type { ParamValues } from '../../shared/search-space';
import type { Searcher, TrialView } from '../searchers/searcher';

/**
 * The configuration for trial `number`. With `search.repeats: r`, trials come in runs of r with
 * the same configuration; the searcher is asked once per run, numbered by run, so a grid or a
 * Sobol sequence advances once per configuration and the GP sees the repeats as noisy data.
 */
export function nextParams(searcher: Searcher, spec: ExperimentSpec, history: readonly TrialView[], number: number): ParamValues | null {
  const repeats = spec.search.repeats ?? 1;
  const offset = (number - 1) % repeats;
  if (offset > 0) {
    const first = history.find((trial) => trial.number === number - offset);
    if (first) return first.params;
  }
  return searcher.suggest({
    space: spec.space,
    objective: spec.objective.mode,
    history,
    trialNumber: Math.floor((number - 1) / repeats) + 1,
  });
}
