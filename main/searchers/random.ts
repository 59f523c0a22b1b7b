import type { ParamValue } from '../../shared/search-space';
import { createRng } from './rng';
import { sampleWith } from './sample-param';
import type { Searcher, SearcherFactory } from './searcher';

/**
 * Independent sampling of each parameter on its own scale. Each trial's draw depends only on
 * (seed, trial number), which makes resuming after a restart exact without replaying anything.
 */
export const createRandomSearcher: SearcherFactory = (seed) => {
  const searcher: Searcher = {
    name: 'random',
    suggest({ space, trialNumber }) {
      const rng = createRng(seed, trialNumber);
      const drawn: Record<string, ParamValue> = {};
      // Draw in sorted order, so the values do not depend on the order the file lists the keys in;
      // hand them back in the file's order, which is how people read them.
      for (const name of Object.keys(space).sort()) drawn[name] = sampleWith(rng, space[name]!);
      return Object.fromEntries(Object.keys(space).map((name) => [name, drawn[name]!]));
    },
  };
  return searcher;
};
