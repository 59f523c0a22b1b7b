/**
 * A small seeded PRNG (sfc32, seeded through splitmix32). Searchers must be reproducible from
 * (seed, trial number) alone, so that a restarted app suggests exactly what it would have.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

/** splitmix32: 32-bit outputs from a seed; the seeding step of createRng, and a mixer for others. */
export function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(...seeds: readonly number[]): Rng {
  // Fold every seed part in, so (seed 1, trial 2) and (seed 2, trial 1) give different streams.
  let mixed = 0x243f6a88;
  for (const part of seeds) mixed = splitmix32((mixed ^ Math.imul(part >>> 0, 0x27d4eb2d)) >>> 0)();
  const init = splitmix32(mixed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const rng: Rng = {
    next() {
      const t = (((a + b) >>> 0) + d) >>> 0;
      d = (d + 1) >>> 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) >>> 0;
      c = ((c << 21) | (c >>> 11)) >>> 0;
      c = (c + t) >>> 0;
      return t / 4294967296;
    },
  };
  // Discard the first outputs: sfc32 is weak right after seeding.
  for (let i = 0; i < 12; i++) rng.next();
  return rng;
}
