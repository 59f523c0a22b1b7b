import { searchSpaceSchema } from '../shared/search-space';

/**
 * The search spaces of the recorded benchmark data in ../shared/data, shared by bench:searchers and
 * bench:policies so both map suggestions onto the same configurations.
 */

/** The ranges the digits MLP configurations were drawn from (the data's README). */
export const DIGITS_SPACE = searchSpaceSchema.parse({
  lr: { type: 'float', low: 1e-4, high: 1, log: true },
  momentum: { type: 'float', low: 0.5, high: 0.999, reverse_log: true },
  hidden: { type: 'int', low: 16, high: 512, log: true },
  layers: { type: 'int', low: 1, high: 4 },
  batch_size: { type: 'int', low: 8, high: 256, log: true },
  weight_decay: { type: 'float', low: 1e-6, high: 0.1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5 },
  activation: { type: 'categorical', choices: ['relu', 'tanh'] },
  optimizer: { type: 'categorical', choices: ['sgd', 'adam'] },
});

/** LCBench's configuration space (the surrogate's config_space.json). */
export const LCBENCH_SPACE = searchSpaceSchema.parse({
  batch_size: { type: 'int', low: 16, high: 512, log: true },
  learning_rate: { type: 'float', low: 1e-4, high: 0.1, log: true },
  momentum: { type: 'float', low: 0.1, high: 0.99 },
  weight_decay: { type: 'float', low: 1e-5, high: 0.1 },
  num_layers: { type: 'int', low: 1, high: 5 },
  max_units: { type: 'int', low: 64, high: 1024, log: true },
  max_dropout: { type: 'float', low: 0, high: 1 },
});

/** Tasks picked to differ: an easy one near 100 %, and two where accuracy tops out in the 80s. */
export const LCBENCH_TASKS = ['3945', '167184', '189909'] as const;
