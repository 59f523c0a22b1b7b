import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatShellArgs } from '../../../../main/exports/shell-args';
import { posixQuote } from '../../../../main/exports/posix-quote';

/** What a real POSIX shell makes of a line: its words, split at NULs by printf. */
function shellWords(line: string): string[] {
  const result = spawnSync('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
  expect(result.status).toBe(0);
  return result.stdout.split('\0').slice(0, -1);
}

const awkward = ['plain', 'adam w', "it's", 'a,b', 'two\nlines', 'say "hi"', '$HOME', '`id`', '*', '', 'back\\slash', '~user', 'a;b|c&d', '#hash'];

describe('command-line arguments', () => {
  it('gives a POSIX shell back exactly the words, whatever the value holds', () => {
    for (const text of awkward) expect(shellWords(posixQuote(text))).toEqual([text]);
  });

  it('leaves plain words and numbers bare and quotes only what needs it', () => {
    expect(posixQuote('0.01')).toBe('0.01');
    expect(posixQuote('-1e-12')).toBe('-1e-12');
    expect(posixQuote('--model.hidden')).toBe('--model.hidden');
    expect(posixQuote('adam w')).toBe("'adam w'");
    expect(posixQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('writes --name value pairs a shell splits into the trial parameters', () => {
    const line = formatShellArgs([
      { name: 'lr', value: 1e-12 },
      { name: 'model.hidden', value: 128 },
      { name: 'optimizer', value: 'adam w' },
      { name: 'augment', value: true },
      { name: 'huge', value: 1e30 },
    ]);
    expect(line).toBe("--lr 1e-12 --model.hidden 128 --optimizer 'adam w' --augment true --huge 1e+30\n");
    expect(shellWords(line.trimEnd())).toEqual(['--lr', '1e-12', '--model.hidden', '128', '--optimizer', 'adam w', '--augment', 'true', '--huge', '1e+30']);
  });
});
