/** A piece of a log line: matched by the search or not. */
export interface LogSegment {
  readonly text: string;
  readonly match: boolean;
}

export interface LogLine {
  /** 1-based, within the text shown (the tail of the log, not the whole file). */
  readonly number: number;
  readonly segments: readonly LogSegment[];
}

export interface LogSearchResult {
  readonly lines: readonly LogLine[];
  /** Lines that contain the query (all lines when the query is empty). */
  readonly matchingLines: number;
}

/**
 * Splits a log into lines and marks where a plain, case-insensitive query occurs; with `onlyMatching`
 * the other lines are left out. The query is text, never a pattern: people paste log lines that
 * are full of brackets and dots.
 */
export function searchLog(text: string, query: string, onlyMatching: boolean): LogSearchResult {
  const rawLines = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
  const needle = query.toLowerCase();
  const lines: LogLine[] = [];
  let matchingLines = 0;
  rawLines.forEach((raw, index) => {
    const segments = needle === '' ? [{ text: raw, match: false }] : splitMatches(raw, needle);
    const matched = needle === '' || segments.some((segment) => segment.match);
    if (matched) matchingLines += 1;
    if (matched || !onlyMatching) lines.push({ number: index + 1, segments });
  });
  return { lines, matchingLines };
}

function splitMatches(line: string, needle: string): LogSegment[] {
  const lower = line.toLowerCase();
  const segments: LogSegment[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
    if (at > from) segments.push({ text: line.slice(from, at), match: false });
    segments.push({ text: line.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < line.length || segments.length === 0) segments.push({ text: line.slice(from), match: false });
  return segments;
}

/** `sweep-trial-3-stdout.log`: a download's name that says where it came from. */
export function logFileName(experimentName: string, trialNumber: number, stream: 'stdout' | 'stderr'): string {
  const safe = experimentName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'experiment';
  return `${safe}-trial-${trialNumber}-${stream}.log`;
}
