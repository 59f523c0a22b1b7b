import type { Experiment } from '../../shared/domain';
import type { ParamValue, ParamValues } from '../../shared/search-space';

/** One parameter of a trial, in a stable order: the search space's order, then any others. */
export interface ConfigEntry {
  readonly name: string;
  readonly value: ParamValue;
}

export function configEntries(experiment: Pick<Experiment, 'spec'>, params: ParamValues): ConfigEntry[] {
  const names = [...Object.keys(experiment.spec.space).filter((name) => Object.hasOwn(params, name))];
  for (const name of Object.keys(params)) if (!names.includes(name)) names.push(name);
  return names.map((name) => ({ name, value: params[name]! }));
}

/** JavaScript's shortest round-trip form: what Tundra passed to the trial (shared/command-template.ts). */
export function formatScalar(value: ParamValue): string {
  return String(value);
}
