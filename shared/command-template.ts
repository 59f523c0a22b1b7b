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

/** JavaScript's shortest round-trip form, so argv and stored params agree exactly. */
export function formatParamValue(value: ParamValue): string {
  return String(value);
}

export function renderArgv(template: readonly string[], params: ParamValues): string[] {
  return template.map((arg) =>
    arg.replace(TOKEN, (token: string, name: string | undefined) => {
      if (token === '{{') return '{';
      if (token === '}}') return '}';
      const key = (name ?? '').trim();
      const value = params[key];
      if (value === undefined) throw new Error(`no value for {${key}} in the command template`);
      return formatParamValue(value);
    }),
  );
}

type ParamValue = ParamValues[string];
