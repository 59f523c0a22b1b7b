import { fail, ok, type Result } from '../../shared/result';
import { formatScalar, type ConfigEntry } from './trial-config';

/** `model.hidden` -> `MODEL_HIDDEN`: upper case, anything but letters, digits and _ becomes _. */
export function envName(name: string): string {
  const upper = name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return /^[0-9]/.test(upper) ? `_${upper}` : upper;
}

const BARE = /^[A-Za-z0-9_@%+:,./-]+$/;

/**
 * A value as python-dotenv, docker compose and a POSIX shell (`set -a; . ./.env`) all read it back:
 * bare when plain; in single quotes (no expansion anywhere) unless it contains one; else in double
 * quotes with \, ", $ and ` escaped.
 */
export function envValue(text: string): string {
  if (BARE.test(text)) return text;
  if (!text.includes("'")) return `'${text}'`;
  return `"${text.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

/** `.env` lines, one per parameter; refuses two parameters that end up with the same name. */
export function formatDotenv(entries: readonly ConfigEntry[]): Result<string> {
  const seen = new Map<string, string>();
  const lines: string[] = [];
  for (const { name, value } of entries) {
    const key = envName(name);
    const other = seen.get(key);
    if (other !== undefined) {
      return fail('unsupported', `Parameters ${other} and ${name} both become ${key} in a .env file; export as json or yaml instead.`);
    }
    seen.set(key, name);
    lines.push(`${key}=${envValue(formatScalar(value))}`);
  }
  return ok(`${lines.join('\n')}\n`);
}
