import type { ParamValue } from '../../shared/search-space';
import { posixQuote } from './posix-quote';
import { formatScalar, type ConfigEntry } from './trial-config';

/**
 * Strings Hydra's override grammar reads back unquoted as the same string: an identifier start,
 * then identifier and unquoted characters. Anything else (spaces, quotes, commas, brackets, braces,
 * `=`, `:`, `$`, a leading digit, sign or dot) is quoted.
 */
const UNQUOTED = /^[A-Za-z_][A-Za-z0-9_\-/+.%*@?|]*$/;
/** Words the grammar reads as booleans, null or floats rather than strings. */
const KEYWORD = /^(true|false|null|inf|nan)$/i;

/**
 * A string in Hydra quotes: single unless the text has a ' and no ". Inside, the quote is escaped,
 * backslashes before a quote or at the end are doubled, and `${` is escaped so that Hydra does not
 * read an interpolation.
 */
function hydraQuote(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = text.replace(/\$\{/g, '\\${');
  body = body.replace(new RegExp(`(\\\\*)(${quote}|$)`, 'g'), (_all, slashes: string, end: string) => `${slashes}${slashes}${end === '' ? '' : `\\${end}`}`);
  return `${quote}${body}${quote}`;
}

export function hydraValue(value: ParamValue): string {
  if (typeof value !== 'string') return formatScalar(value);
  return UNQUOTED.test(value) && !KEYWORD.test(value) ? value : hydraQuote(value);
}

/** `lr=0.01 model.hidden=128`, each override shell-quoted when needed, to paste after `python app.py`. */
export function formatHydraOverrides(entries: readonly ConfigEntry[]): string {
  return `${entries.map(({ name, value }) => posixQuote(`${name}=${hydraValue(value)}`)).join(' ')}\n`;
}
