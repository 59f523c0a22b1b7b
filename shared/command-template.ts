import type { ParamValues } from './search-space';

/**
 * The argv template: `{name}` is replaced by the parameter's value, `{{` and `}}` stand for literal
 * braces. The result is an argv array handed to the OS as is: no shell ever sees it.
 */
const TOKEN = /\{\{|\}\}|\{([^{}]*)\}/g;

export function findPlaceholders(arg: string): string[] {
  const names: string[] = [];
  for (const match of arg.matchAll(TOKEN)) {
    if (match[1] !== undefined) names.push(match[1].trim());
  }
  return names;
}

/**
 * The argument with every `{from}` placeholder (spaces inside the braces allowed) naming `to`
 * instead; literal `{{` and `}}` and other placeholders are left as written. Used when a parameter
 * is renamed, so the command keeps referring to it.
 */
export function renamePlaceholder(arg: string, from: string, to: string): string {
  if (from === to) return arg;
  return arg.replace(TOKEN, (token: string, name: string | undefined) => (name !== undefined && name.trim() === from ? `{${to}}` : token));
}

/** JavaScript's shortest round-trip form, so argv and stored params agree exactly. */
export function formatParamValue(value: ParamValue): string {
  return String(value);
}

/**
 * An argument that names a parameter the trial does not have (inactive under its `when`) is left
 * out whole, so `--momentum={momentum}` disappears when the optimizer is adam.
 */
export function renderArgv(template: readonly string[], params: ParamValues): string[] {
  const present = template.filter((arg) => findPlaceholders(arg).every((name) => params[name] !== undefined));
  return present.map((arg) =>
    arg.replace(TOKEN, (token: string, name: string | undefined) => {
      if (token === '{{') return '{';
      if (token === '}}') return '}';
      const key = (name ?? '').trim();
      return formatParamValue(params[key]!);
    }),
  );
}

type ParamValue = ParamValues[string];
