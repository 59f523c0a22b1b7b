import { isActive, parameterOrder, type ParamValue, type ParamValues, type SearchSpace } from '../../shared/search-space';

/**
 * Builds a configuration parameter by parameter, in dependency order, leaving out parameters whose
 * `when` is not met. `choose(name)` gives the value for an active parameter.
 * Returned keys follow the file's order, which is how people read them.
 */
export function buildConfiguration(space: SearchSpace, choose: (name: string) => ParamValue): ParamValues {
  const order = parameterOrder(space);
  if (order === null) throw new Error('the search space has a cycle in its when conditions');
  const chosen: Record<string, ParamValue> = {};
  for (const name of order) {
    if (isActive(space[name]!, chosen)) chosen[name] = choose(name);
  }
  return Object.fromEntries(Object.keys(space).filter((name) => name in chosen).map((name) => [name, chosen[name]!]));
}

/** Whether any parameter declares a default, so that trial 1 should be the default configuration. */
export function hasDefaults(space: SearchSpace): boolean {
  return Object.values(space).some((param) => param.type !== 'fixed' && param.default !== undefined);
}
