// The PRNG moved to shared/ so the editor's histogram preview can draw with it; searchers import it from here.
export { createRng, type Rng } from '../../shared/rng';
