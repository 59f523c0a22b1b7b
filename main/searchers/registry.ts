import type { SearchAlgorithm } from '../../shared/experiment-file';
import { createRandomSearcher } from './random';
import type { SearcherFactory } from './searcher';

/** Every searcher by the name the experiment file uses. A closed record: a new algorithm must register here. */
export const SEARCHERS: Readonly<Record<SearchAlgorithm, SearcherFactory>> = {
  random: createRandomSearcher,
};

export function createSearcher(algorithm: SearchAlgorithm, seed: number) {
  return SEARCHERS[algorithm](seed);
}
