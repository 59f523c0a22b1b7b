import { describe, expect, it } from 'vitest';
import { logFileName, searchLog } from '../../../../../renderer/features/trial/log-search';

const LOG = 'log step 0\n@tundra {"step": 0}\nlog step 1\nWarning: LR is high (x.y)\n';

const texts = (result: ReturnType<typeof searchLog>) => result.lines.map((line) => line.segments.map((s) => (s.match ? `[${s.text}]` : s.text)).join(''));

describe('log search', () => {
  it('shows every line unmarked without a query', () => {
    const result = searchLog(LOG, '', false);
    expect(texts(result)).toEqual(['log step 0', '@tundra {"step": 0}', 'log step 1', 'Warning: LR is high (x.y)']);
    expect(result.matchingLines).toBe(4);
  });

  it('marks every occurrence, ignoring case, and counts matching lines', () => {
    const result = searchLog(LOG, 'STEP', false);
    expect(texts(result)).toEqual(['log [step] 0', '@tundra {"[step]": 0}', 'log [step] 1', 'Warning: LR is high (x.y)']);
    expect(result.matchingLines).toBe(3);
  });

  it('keeps only matching lines, with their line numbers, when asked', () => {
    const result = searchLog(LOG, 'step 1', true);
    expect(texts(result)).toEqual(['log [step 1]']);
    expect(result.lines[0]?.number).toBe(3);
  });

  it('treats the query as text, not a pattern', () => {
    expect(texts(searchLog(LOG, '(x.y)', true))).toEqual(['Warning: LR is high [(x.y)]']);
    expect(searchLog(LOG, '.*', true).lines).toEqual([]);
  });

  it('finds nothing in an empty log', () => {
    expect(searchLog('', 'x', false)).toEqual({ lines: [], matchingLines: 0 });
  });

  it('names a download after the experiment, trial and stream, in characters safe for a file name', () => {
    expect(logFileName('lr sweep/v2', 3, 'stderr')).toBe('lr-sweep-v2-trial-3-stderr.log');
    expect(logFileName('///', 1, 'stdout')).toBe('experiment-trial-1-stdout.log');
  });
});
