import { stringify } from 'yaml';
import { assertNever } from '../../../shared/result';
import type { ParamValue } from '../../../shared/search-space';

export const PARAMS_FORMATS = ['json', 'yaml'] as const;
export type ParamsFormat = (typeof PARAMS_FORMATS)[number];

/** The params in the search space's order; names the space no longer has come last, as stored. */
export function orderedParams(params: Readonly<Record<string, ParamValue>>, order: readonly string[]): [string, ParamValue][] {
  const known = order.filter((name) => Object.hasOwn(params, name));
  const rest = Object.keys(params).filter((name) => !order.includes(name));
  return [...known, ...rest].map((name) => [name, params[name] as ParamValue]);
}

/** A trial's configuration as a small JSON or YAML document, ready to paste into a config file. */
export function formatParams(params: Readonly<Record<string, ParamValue>>, order: readonly string[], format: ParamsFormat): string {
  const object = Object.fromEntries(orderedParams(params, order));
  switch (format) {
    case 'json':
      return `${JSON.stringify(object, null, 2)}\n`;
    case 'yaml':
      return stringify(object);
    default:
      return assertNever(format);
  }
}
