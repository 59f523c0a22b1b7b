import type { ObjectiveMode, PolicyName, SearchAlgorithm } from '../../../shared/experiment-file';
import type { ParamType } from '../../../shared/search-space';
import type { Scale } from './space-rows';

/**
 * One line per choice the form offers, in the words of docs/experiment-file.md. Closed records: a
 * searcher or policy added to the schema fails the typecheck here until it is explained.
 */

export const SEARCHER_EXPLANATIONS: Readonly<Record<SearchAlgorithm, string>> = {
  auto: 'Sobol for the first trials, then Bayesian optimisation (GP) while it is cheap, TPE beyond: a good default.',
  random: 'Independent random draws on each parameter’s scale: simple, parallel, hard to beat on few trials.',
  grid: 'Every combination of each parameter’s values (grid points for ranges), in order; for small spaces.',
  sobol: 'A low-discrepancy sequence: covers the space more evenly than random, learns nothing.',
  tpe: 'Tree-structured Parzen estimator: models good and bad configurations; scales to many trials and conditions.',
  gp: 'Gaussian-process Bayesian optimisation: the most sample-efficient for a few dozen trials of a small space.',
};

export const POLICY_EXPLANATIONS: Readonly<Record<PolicyName, string>> = {
  none: 'Every trial runs to its end.',
  median: 'Stops a trial whose best so far is worse than the median of the others at the same step.',
  asha: 'Asynchronous successive halving: at each rung (min·etaᵏ steps) only the top 1/eta go on.',
  hyperband: 'Several ASHA brackets with different first rungs, hedging how early a curve can be judged.',
  freeze_thaw: 'Forecasts each curve to the end: freezes trials unlikely to beat the best, thaws the most promising (needs checkpoints).',
};

export const MODE_LABELS: Readonly<Record<ObjectiveMode, string>> = {
  min: 'minimize (lower is better)',
  max: 'maximize (higher is better)',
};

export const TYPE_LABELS: Readonly<Record<ParamType, string>> = {
  float: 'float',
  int: 'int',
  categorical: 'categorical',
  bool: 'bool',
  fixed: 'fixed',
};

export const SCALE_LABELS: Readonly<Record<Scale, string>> = {
  linear: 'linear',
  log: 'log',
  'reverse-log': 'reverse log',
};
