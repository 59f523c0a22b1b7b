import type { SearchSpace } from '../../shared/search-space';
import { createGpSearcher, gpStartupTrials } from './gp-searcher';
import { createSobolSearcher } from './sobol';
import { isObservation, type Searcher, type SearcherFactory } from './searcher';
import { createTpeSearcher } from './tpe';

/**
 * Past this many results a GP fit costs more than it is worth (about half a second a suggestion
 * here, on the scheduler's thread); TPE scales linearly.
 */
export const AUTO_GP_LIMIT = 150;
/** Beyond this many parameters TPE models the space better than one GP with ARD length scales. */
export const AUTO_GP_MAX_PARAMETERS = 20;

/** Why `auto` picks what it picks, in one line, for the docs and the UI. */
export function autoChoice(space: SearchSpace, completed: number): 'sobol' | 'gp' | 'tpe' {
  if (completed < gpStartupTrials(space)) return 'sobol';
  // Conditional spaces stay with the GP while they are small: inactive dimensions are encoded at a
  // neutral value, and on the benchmark's conditional problem that beats TPE by a wide margin.
  if (Object.keys(space).length > AUTO_GP_MAX_PARAMETERS || completed >= AUTO_GP_LIMIT) return 'tpe';
  return 'gp';
}

/**
 * The default: Sobol for the first few trials (even coverage to learn from), GP Bayesian
 * optimisation while it is cheap (fewer than 150 results, at most 20 parameters), TPE beyond. The choice depends only on the space and the history, so a
 * restarted app makes the same one.
 */
export const createAutoSearcher: SearcherFactory = (settings) => {
  const delegates = { sobol: createSobolSearcher(settings), gp: createGpSearcher(settings), tpe: createTpeSearcher(settings) };
  const searcher: Searcher = {
    name: 'auto',
    suggest(context) {
      return delegates[autoChoice(context.space, context.history.filter(isObservation).length)].suggest(context);
    },
  };
  return searcher;
};
