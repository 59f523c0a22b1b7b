import { describe, expect, it } from 'vitest';
import { LineSplitter, type SplitLine } from '../../../../main/runner/line-splitter';

function split(chunks: string[], max?: number): SplitLine[] {
  const lines: SplitLine[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), max);
  for (const chunk of chunks) splitter.push(Buffer.from(chunk));
  splitter.end();
  return lines;
}

describe('line splitter', () => {
  it('joins lines split across chunks and strips CR', () => {
    expect(split(['ab', 'c\r\nde', 'f\n', 'tail']).map((l) => l.text)).toEqual(['abc', 'def', 'tail']);
  });

  it('keeps multi-byte characters split across chunks intact', () => {
    const bytes = Buffer.from('é\n');
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line.text));
    splitter.push(bytes.subarray(0, 1));
    splitter.push(bytes.subarray(1));
    expect(lines).toEqual(['é']);
  });

  it('cuts lines longer than the cap, marks them, and recovers at the next newline', () => {
    const lines = split(['x'.repeat(30), 'y'.repeat(30), '\nnext\n'], 16);
    expect(lines).toEqual([
      { text: 'x'.repeat(16), truncated: true, endIndex: 1 },
      { text: 'next', truncated: false, endIndex: 6 },
    ]);
  });

  it('says where each line ends in the chunk that completed it, so callers can resume at a line boundary', () => {
    const ends: (number | undefined)[] = [];
    const splitter = new LineSplitter((line) => ends.push(line.endIndex));
    splitter.push(Buffer.from('ab\ncd'));
    splitter.push(Buffer.from('e\nf'));
    splitter.end();
    expect(ends).toEqual([3, 2, undefined]);
  });
});
