import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputTail } from '../../../../main/runner/output-tail';
import { tempDir } from '../../../support/paths';

describe('output tail', () => {
  it('reads what is appended, from a stored offset, and starts over when the offset is past the end', () => {
    const file = path.join(tempDir(), 'stdout.log');
    writeFileSync(file, 'one\ntwo\n');
    const seen: string[] = [];
    const tail = new OutputTail(file, 4, { onData: (chunk) => seen.push(chunk.toString()) });
    tail.poll();
    appendFileSync(file, 'three\n');
    tail.poll();
    expect(seen.join('')).toBe('two\nthree\n');
    expect(tail.offset).toBe(14);
    tail.close();
    const restarted: string[] = [];
    new OutputTail(file, 999, { onData: (chunk) => restarted.push(chunk.toString()) }).drain();
    expect(restarted.join('')).toBe('one\ntwo\nthree\n');
  });

  it('cuts a file past the cap back to a note once it has read it all, keeping its head aside', () => {
    const file = path.join(tempDir(), 'stdout.log');
    writeFileSync(file, `${'x'.repeat(5000)}\n`);
    let dropped = 0;
    const tail = new OutputTail(file, 0, { onData: () => undefined, onRotated: (bytes) => (dropped = bytes) }, 4096);
    tail.drain();
    expect(dropped).toBe(5001);
    expect(readFileSync(file, 'utf8')).toMatch(/^\[tundra\] output passed 4096 bytes/);
    expect(existsSync(`${file}.head`)).toBe(true);
    appendFileSync(file, 'after\n');
    const later: string[] = [];
    const next = new OutputTail(file, tail.offset, { onData: (chunk) => later.push(chunk.toString()) }, 4096);
    next.drain();
    expect(later.join('')).toBe('after\n');
  });
});
