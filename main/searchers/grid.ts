import type { ParamValue, ParamValues, SearchSpace, Param } from '../../shared/search-space';
import { isActive, parameterOrder } from '../../shared/search-space';
import { paramToUnit, sampleParam } from './sample-param';
import type { SearcherFactory } from './searcher';

export const DEFAULT_GRID_POINTS = 5;
/** Past this many configurations a grid is a mistake, not a plan: refuse and say so. */
export const MAX_GRID_SIZE = 100_000;
/** Farthest-point ordering is quadratic; past this a seeded shuffle spreads coverage well enough. */
const MAX_SPREAD_ORDERED = 4000;

/** The points a grid tries for one parameter: its `values`, its choices, or n points on its scale. */
export function gridAxis(param: Param, points: number): ParamValue[] {
  switch (param.type) {
    case 'categorical':
      return [...param.choices];
    case 'bool':
      return [false, true];
    case 'fixed':
      return [param.value];
    case 'float':
    case 'int': {
      if (param.values) return [...param.values];
      const values: ParamValue[] = [];
      for (let i = 0; i < points; i++) {
        // Ends included: a grid that never tries low or high cannot say the best is at an edge.
        const value = points === 1 ? sampleParam(param, 0.5) : edgeInclusive(param, i / (points - 1));
        if (!values.includes(value)) values.push(value);
      }
      return values;
    }
  }
}

function edgeInclusive(param: Param & { type: 'float' | 'int' }, u: number): ParamValue {
  if (u <= 0) return param.low;
  if (u >= 1) return param.high;
  return sampleParam(param, u);
}

/**
 * Every configuration of the grid, following the conditional structure: an inactive parameter
 * does not multiply the grid.
 */
export function enumerateGrid(space: SearchSpace, points: number): ParamValues[] {
  const order = parameterOrder(space);
  if (order === null) throw new Error('the search space has a cycle in its when conditions');
  let partial: Record<string, ParamValue>[] = [{}];
  for (const name of order) {
    const param = space[name]!;
    const axis = gridAxis(param, points);
    const next: Record<string, ParamValue>[] = [];
    for (const configuration of partial) {
      if (!isActive(param, configuration)) {
        next.push(configuration);
        continue;
      }
      for (const value of axis) next.push({ ...configuration, [name]: value });
    }
    if (next.length > MAX_GRID_SIZE) {
      throw new Error(`the grid has more than ${MAX_GRID_SIZE} configurations; give fewer values or search.grid_points, or use another algorithm`);
    }
    partial = next;
  }
  const names = Object.keys(space);
  return partial.map((configuration) => Object.fromEntries(names.filter((n) => n in configuration).map((n) => [n, configuration[n]!])));
}

function unitVector(space: SearchSpace, names: readonly string[], configuration: ParamValues): number[] {
  // An absent (inactive) parameter sits at -0.5: far from every active value, so branches spread too.
  return names.map((name) => (configuration[name] === undefined ? -0.5 : paramToUnit(space[name]!, configuration[name])));
}

/**
 * Orders the grid so that coverage spreads early: greedy farthest-point (each next configuration is
 * the one farthest from all tried so far), starting at the centre. Stopping a grid early then still
 * gives a coarse view of the whole space instead of one corner of it.
 */
export function spreadOrder(space: SearchSpace, grid: readonly ParamValues[], seed: number): ParamValues[] {
  const names = Object.keys(space);
  if (grid.length > MAX_SPREAD_ORDERED) return seededShuffle(grid, seed);
  const vectors = grid.map((configuration) => unitVector(space, names, configuration));
  const distance = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + (value - b[i]!) ** 2, 0);
  const centre = names.map(() => 0.5);
  let current = 0;
  for (let i = 1; i < vectors.length; i++) if (distance(vectors[i]!, centre) < distance(vectors[current]!, centre)) current = i;
  const nearest = new Float64Array(vectors.length).fill(Infinity);
  const taken = new Uint8Array(vectors.length);
  const order: ParamValues[] = [];
  for (let step = 0; step < vectors.length; step++) {
    taken[current] = 1;
    order.push(grid[current]!);
    let next = -1;
    for (let i = 0; i < vectors.length; i++) {
      if (taken[i]) continue;
      nearest[i] = Math.min(nearest[i]!, distance(vectors[i]!, vectors[current]!));
      if (next === -1 || nearest[i]! > nearest[next]!) next = i;
    }
    current = next;
  }
  return order;
}

function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed >>> 0 || 1;
  for (let i = copy.length - 1; i > 0; i--) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const j = (state >>> 0) % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * Grid search: the Cartesian product of each parameter's axis, tried in spread-out order, one
 * configuration per trial number; exhausted (null) once every configuration was tried.
 */
export const createGridSearcher: SearcherFactory = ({ seed, grid_points: points = DEFAULT_GRID_POINTS }) => {
  let cached: { key: string; order: ParamValues[] } | undefined;
  return {
    name: 'grid',
    suggest({ space, trialNumber }) {
      const key = JSON.stringify(space);
      if (cached?.key !== key) cached = { key, order: spreadOrder(space, enumerateGrid(space, points), seed) };
      return cached.order[trialNumber - 1] ?? null;
    },
  };
};
