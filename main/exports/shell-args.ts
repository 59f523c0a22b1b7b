import { posixQuote } from './posix-quote';
import { formatScalar, type ConfigEntry } from './trial-config';

/** `--lr 0.01 --optimizer 'adam w'`: one line to paste after a command in a POSIX shell. */
export function formatShellArgs(entries: readonly ConfigEntry[]): string {
  return `${entries.map(({ name, value }) => `${posixQuote(`--${name}`)} ${posixQuote(formatScalar(value))}`).join(' ')}\n`;
}
