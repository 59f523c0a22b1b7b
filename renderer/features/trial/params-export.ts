import type { ParamValue } from '../../../shared/search-space';

/** The params in the search space's order; names the space no longer has come last, as stored. */
export function orderedParams(params: Readonly<Record<string, ParamValue>>, order: readonly string[]): [string, ParamValue][] {
  const known = order.filter((name) => Object.hasOwn(params, name));
  const rest = Object.keys(params).filter((name) => !order.includes(name));
  return [...known, ...rest].map((name) => [name, params[name] as ParamValue]);
}
