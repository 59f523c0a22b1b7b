/** Characters a POSIX shell takes literally in a word: nothing to expand, split or glob. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One shell word that a POSIX shell (sh, bash, zsh) reads back as exactly `text`: bare when that is
 * safe, otherwise in single quotes, where only the quote itself needs care ('\'' closes, escapes
 * one quote and reopens).
 */
export function posixQuote(text: string): string {
  if (SHELL_SAFE.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
