import { buildConfiguration, hasDefaults } from './configuration';
import { createRng } from './rng';
import { defaultValue, sampleParam } from './sample-param';
import type { Searcher, SearcherFactory } from './searcher';

/**
 * Independent sampling of each parameter on its own scale. Each trial's draw depends only on
 * (seed, trial number), which makes resuming after a restart exact without replaying anything.
 * When the space declares defaults, trial 1 is the default configuration.
 */
export const createRandomSearcher: SearcherFactory = ({ seed }) => {
  const searcher: Searcher = {
    name: 'random',
    suggest({ space, trialNumber }) {
      if (trialNumber === 1 && hasDefaults(space)) return buildConfiguration(space, (name) => defaultValue(space[name]!));
      const rng = createRng(seed, trialNumber);
      // One draw per parameter, in sorted order and whether active or not, so a value does not
      // depend on the order keys are written in or on which branches happen to be active.
      const draws = new Map(Object.keys(space).sort().map((name) => [name, rng.next()]));
      return buildConfiguration(space, (name) => sampleParam(space[name]!, draws.get(name)!));
    },
  };
  return searcher;
};
