import type { ParamValues, SearchSpace } from '../../shared/search-space';
import { buildConfiguration } from './configuration';
import { sampleParam } from './sample-param';

/**
 * The "raw" unit cube of a space: one coordinate per parameter, in sorted name order (so that the
 * order keys are written in does not change a seeded search). Decoding goes through the `when`
 * structure and each parameter's scale and step, so every decoded point is a valid configuration.
 */
export function cubeNames(space: SearchSpace): string[] {
  return Object.keys(space).sort();
}

export function decodeCube(space: SearchSpace, names: readonly string[], point: readonly number[]): ParamValues {
  return buildConfiguration(space, (name) => sampleParam(space[name]!, Math.min(point[names.indexOf(name)]!, 1 - 1e-12)));
}
