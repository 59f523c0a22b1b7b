import type { ObjectiveMode } from '../../shared/experiment-file';
import type { CategoricalChoice, Param, ParamValues, SearchSpace } from '../../shared/search-space';

/**
 * Coarse-to-fine search (Goodfellow et al., Deep Learning, 11.4.3): propose a narrower space from
 * the best trials so far. Per numeric parameter, on its own scale:
 * - the best value sits at an edge of the range: the optimum may lie beyond it, so shift the range
 *   to centre on the best (same width);
 * - it sits inside: zoom to the span of the top trials, with a margin.
 * Categorical choices that no top trial used are dropped. Pure: the caller supplies the trials.
 */

export interface ScoredConfiguration {
  readonly params: ParamValues;
  readonly value: number;
}

export interface Refinement {
  readonly space: SearchSpace;
  /** One line per parameter that changed, for a person to review before running it. */
  readonly changes: readonly string[];
}

/** Within this fraction of the width from an end counts as "at the edge". */
const EDGE = 0.05;
/** A zoomed range keeps at least this fraction of the old width, and this margin on each side. */
const MIN_ZOOM = 0.25;
const MARGIN = 0.1;

type Scale = 'linear' | 'log' | 'reverse_log';

function scaleOf(param: Param & { type: 'float' | 'int' }): Scale {
  if (param.type === 'float' && param.reverse_log) return 'reverse_log';
  return param.log ? 'log' : 'linear';
}

/** Position on the scale, unbounded (values beyond the range give u < 0 or u > 1). */
function forward(scale: Scale, x: number): number {
  switch (scale) {
    case 'linear':
      return x;
    case 'log':
      return Math.log(x);
    case 'reverse_log':
      return -Math.log(1 - x);
  }
}

function backward(scale: Scale, t: number): number {
  switch (scale) {
    case 'linear':
      return t;
    case 'log':
      return Math.exp(t);
    case 'reverse_log':
      return 1 - Math.exp(-t);
  }
}

function refineNumeric(param: Param & { type: 'float' | 'int' }, values: readonly number[], best: number): { low: number; high: number; how: string } {
  const scale = scaleOf(param);
  const lowT = forward(scale, param.low);
  const highT = forward(scale, param.high);
  const width = highT - lowT;
  const bestU = (forward(scale, best) - lowT) / width;
  let newLowT: number;
  let newHighT: number;
  let how: string;
  if (bestU <= EDGE || bestU >= 1 - EDGE) {
    newLowT = forward(scale, best) - width / 2;
    newHighT = forward(scale, best) + width / 2;
    how = `best at the ${bestU <= EDGE ? 'low' : 'high'} edge: range shifted to centre on it`;
  } else {
    const us = values.map((value) => (forward(scale, value) - lowT) / width);
    let from = Math.max(0, Math.min(...us) - MARGIN);
    let to = Math.min(1, Math.max(...us) + MARGIN);
    if (to - from < MIN_ZOOM) {
      const centre = Math.min(1 - MIN_ZOOM / 2, Math.max(MIN_ZOOM / 2, bestU));
      from = centre - MIN_ZOOM / 2;
      to = centre + MIN_ZOOM / 2;
    }
    newLowT = lowT + from * width;
    newHighT = lowT + to * width;
    how = 'zoomed around the top trials';
  }
  let low = backward(scale, newLowT);
  let high = backward(scale, newHighT);
  // A range that was non-negative stays so (a dropout or a count cannot go below zero).
  if (scale === 'linear' && param.low >= 0) low = Math.max(0, low);
  if (param.type === 'int') {
    low = Math.max(param.log ? 1 : -Infinity, Math.floor(low));
    high = Math.max(low + 1, Math.ceil(high));
  } else {
    low = Number(low.toPrecision(6));
    high = Number(high.toPrecision(6));
  }
  return { low, high, how };
}

export function refineSpace(space: SearchSpace, trials: readonly ScoredConfiguration[], mode: ObjectiveMode, topK: number): Refinement {
  if (trials.length === 0) throw new Error('no completed trials with a result to refine around');
  const ranked = [...trials].sort((a, b) => (mode === 'min' ? a.value - b.value : b.value - a.value));
  const top = ranked.slice(0, Math.max(1, topK));
  const best = top[0]!.params;
  const refined: Record<string, Param> = {};
  const changes: string[] = [];
  for (const [name, param] of Object.entries(space)) {
    const seen = top.map((trial) => trial.params[name]).filter((value) => value !== undefined);
    if (seen.length === 0 || best[name] === undefined) {
      refined[name] = param;
      continue;
    }
    switch (param.type) {
      case 'float':
      case 'int': {
        const { low, high, how } = refineNumeric(param, seen as number[], best[name] as number);
        const next = { ...param, low, high };
        delete next.values;
        if (next.step !== undefined && next.step > high - low) delete next.step;
        if (next.default !== undefined && (next.default < low || next.default > high)) delete next.default;
        refined[name] = next;
        changes.push(`${name}: ${param.low}..${param.high} -> ${low}..${high} (${how})`);
        break;
      }
      case 'categorical': {
        // Choices a `when` tests stay, or the parameters that depend on them would lose their condition.
        const tested = conditionValues(space, name);
        const kept = param.choices.filter((choice) => seen.includes(choice) || tested.includes(choice));
        const dropped = param.choices.filter((choice) => !kept.includes(choice));
        const next: Param = { ...param, choices: kept };
        if (next.default !== undefined && !kept.includes(next.default)) delete next.default;
        refined[name] = next;
        if (dropped.length > 0) changes.push(`${name}: dropped ${dropped.map((c) => JSON.stringify(c)).join(', ')} (no top trial used them)`);
        break;
      }
      case 'bool':
      case 'fixed':
        refined[name] = param;
        break;
    }
  }
  return { space: refined, changes };
}

/** Every value some parameter's `when` tests `name` against. */
function conditionValues(space: SearchSpace, name: string): CategoricalChoice[] {
  const values: CategoricalChoice[] = [];
  for (const param of Object.values(space)) {
    const wanted = param.when?.[name];
    if (wanted !== undefined) values.push(...(Array.isArray(wanted) ? wanted : [wanted]));
  }
  return values;
}
