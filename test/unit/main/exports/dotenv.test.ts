import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envName, envValue, formatDotenv } from '../../../../main/exports/dotenv';
import { tempDir } from '../../../support/paths';

describe('.env export', () => {
  it('upper-cases names and turns anything but letters, digits and _ into _', () => {
    expect(envName('model.hidden')).toBe('MODEL_HIDDEN');
    expect(envName('drop-out rate')).toBe('DROP_OUT_RATE');
    expect(envName('3d')).toBe('_3D');
  });

  it('writes values a POSIX shell reads back exactly (set -a; . ./.env)', () => {
    const values = ['0.01', '1e-12', 'adam w', "it's", 'a,b', 'two\nlines', 'say "hi"', '$HOME', "it's $HOME", '`id`', '#hash', '', 'true'];
    const entries = values.map((value, index) => ({ name: `v${index}`, value }));
    const file = path.join(tempDir(), '.env');
    const content = formatDotenv(entries);
    if (!content.ok) throw new Error(content.error.message);
    writeFileSync(file, content.value);
    const script = `set -a; . "${file}"; ${values.map((_, index) => `printf '%s\\0' "$V${index}"`).join('; ')}`;
    const result = spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/nowhere' } });
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\0').slice(0, -1)).toEqual(values);
  });

  it('leaves plain values bare, single-quotes the rest, double-quotes only around a single quote', () => {
    expect(envValue('0.01')).toBe('0.01');
    expect(envValue('adam w')).toBe("'adam w'");
    expect(envValue("it's $x")).toBe(`"it's \\$x"`);
  });

  it('refuses two parameters that end up with the same variable name, naming both', () => {
    const result = formatDotenv([
      { name: 'model.hidden', value: 1 },
      { name: 'model_hidden', value: 2 },
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/model\.hidden and model_hidden both become MODEL_HIDDEN/);
  });
});
