import type { SearchAlgorithm } from '../../shared/experiment-file';
import { createAutoSearcher } from './auto';
import { createGpSearcher } from './gp-searcher';
import { createGridSearcher } from './grid';
import { createSobolSearcher } from './sobol';
import { createRandomSearcher } from './random';
import { createTpeSearcher } from './tpe';
import type { Searcher, SearcherFactory, SearchSettings } from './searcher';

/** Every searcher by the name the experiment file uses. A closed record: a new algorithm must register here. */
export const SEARCHERS: Readonly<Record<SearchAlgorithm, SearcherFactory>> = {
  random: createRandomSearcher,
  grid: createGridSearcher,
  tpe: createTpeSearcher,
  sobol: createSobolSearcher,
  gp: createGpSearcher,
  auto: createAutoSearcher,
};

export function createSearcher(settings: SearchSettings): Searcher {
  return SEARCHERS[settings.algorithm](settings);
}
