import { hasDefaults, buildConfiguration } from './configuration';
import { defaultValue } from './sample-param';
import { MAX_SOBOL_DIMENSIONS, sobolPoint } from './sobol-sequence';
import type { Searcher, SearcherFactory } from './searcher';
import { cubeNames, decodeCube } from './unit-cube';

/**
 * Scrambled Sobol points: quasi-random, so the first n trials cover the space more evenly than n
 * random ones (no clumps, no holes). Trial n is point n-1, computed directly, so resuming is exact.
 */
export const createSobolSearcher: SearcherFactory = ({ seed }) => {
  const searcher: Searcher = {
    name: 'sobol',
    suggest({ space, trialNumber }) {
      if (trialNumber === 1 && hasDefaults(space)) return buildConfiguration(space, (name) => defaultValue(space[name]!));
      const names = cubeNames(space);
      if (names.length > MAX_SOBOL_DIMENSIONS) {
        throw new Error(`sobol handles up to ${MAX_SOBOL_DIMENSIONS} parameters, this space has ${names.length}; use random or tpe`);
      }
      return decodeCube(space, names, sobolPoint(trialNumber - 1, names.length, seed));
    },
  };
  return searcher;
};
