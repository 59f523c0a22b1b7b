import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatHydraOverrides, hydraValue } from '../../../../main/exports/hydra-overrides';

describe('Hydra overrides', () => {
  it('keeps dotted names and writes numbers and booleans as Hydra reads them', () => {
    expect(formatHydraOverrides([
      { name: 'lr', value: 0.01 },
      { name: 'model.hidden', value: 128 },
      { name: 'tiny', value: 1e-12 },
      { name: 'huge', value: 1e30 },
      { name: 'augment', value: false },
    ])).toBe('lr=0.01 model.hidden=128 tiny=1e-12 huge=1e+30 augment=false\n');
  });

  it('leaves identifier-like strings bare and quotes strings the grammar would read otherwise', () => {
    expect(hydraValue('adam')).toBe('adam');
    expect(hydraValue('resnet-50/v1.2')).toBe('resnet-50/v1.2');
    // A number, a boolean, null or a float keyword would stop being a string.
    expect(hydraValue('1e3')).toBe("'1e3'");
    expect(hydraValue('true')).toBe("'true'");
    expect(hydraValue('NULL')).toBe("'NULL'");
    expect(hydraValue('nan')).toBe("'nan'");
    // Spaces, commas (a sweep), brackets, = and : are grammar.
    expect(hydraValue('adam w')).toBe("'adam w'");
    expect(hydraValue('a,b')).toBe("'a,b'");
    expect(hydraValue('[1,2]')).toBe("'[1,2]'");
    expect(hydraValue('')).toBe("''");
  });

  it('escapes quotes, backslashes before a quote or at the end, and interpolations', () => {
    expect(hydraValue("it's")).toBe(`"it's"`);
    expect(hydraValue(`it's "x"`)).toBe(`'it\\'s "x"'`);
    expect(hydraValue('C:\\dir\\')).toBe("'C:\\dir\\\\'");
    expect(hydraValue('${oc.env:HOME}')).toBe("'\\${oc.env:HOME}'");
  });

  it('shell-quotes each override so the line pastes after python app.py as the same words', () => {
    const line = formatHydraOverrides([
      { name: 'optimizer', value: 'adam w' },
      { name: 'name', value: "it's" },
      { name: 'lr', value: 0.01 },
    ]).trimEnd();
    const words = spawnSync('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' }).stdout.split('\0').slice(0, -1);
    expect(words).toEqual(["optimizer='adam w'", `name="it's"`, 'lr=0.01']);
  });
});
