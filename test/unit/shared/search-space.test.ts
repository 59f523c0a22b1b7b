import { describe, expect, it } from 'vitest';
import { isActive, parameterOrder, searchSpaceSchema } from '../../../shared/search-space';

function problems(space: unknown): string[] {
  const parsed = searchSpaceSchema.safeParse(space);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('search space', () => {
  it('accepts every parameter type, scale, step, values, default and condition', () => {
    expect(
      problems({
        optimizer: { type: 'categorical', choices: ['sgd', 'adam'], default: 'adam' },
        momentum: { type: 'float', low: 0.9, high: 0.999, reverse_log: true, when: { optimizer: 'sgd' } },
        lr: { type: 'float', low: 1e-4, high: 1, log: true, default: 0.01 },
        layers: { type: 'int', low: 1, high: 4, step: 1, values: [1, 2, 4] },
        width2: { type: 'int', low: 16, high: 512, log: true, when: { layers: [2, 4] } },
        dropout: { type: 'float', low: 0, high: 0.5, step: 0.05 },
        bn: { type: 'bool', default: true },
        epochs: { type: 'fixed', value: 20 },
      }),
    ).toEqual([]);
  });

  it('refuses impossible scales, steps, values and defaults with the fix', () => {
    expect(problems({ m: { type: 'float', low: 0.9, high: 1, reverse_log: true } })).toEqual([
      'm: high must be < 1 when reverse_log is true (it samples 1 - x on a log scale), e.g. 0.999',
    ]);
    expect(problems({ m: { type: 'float', low: 0.1, high: 0.5, log: true, reverse_log: true } })).toEqual(['m: log and reverse_log exclude each other; keep one']);
    expect(problems({ d: { type: 'float', low: 0, high: 0.5, step: 0.6 } })).toEqual(['d: step must be > 0 and at most high - low (0.5)']);
    expect(problems({ d: { type: 'int', low: 1, high: 4, values: [1, 5] } })).toEqual(['d: values must lie within low..high (1..4)']);
    expect(problems({ d: { type: 'int', low: 1, high: 4, default: 9 } })).toEqual(['d: default (9) must lie within low..high (1..4)']);
    expect(problems({ c: { type: 'categorical', choices: ['a'], default: 'b' } })).toEqual(['c: default "b" is not one of the choices']);
  });

  it('refuses conditions on unknown parameters, impossible values, floats, itself, and cycles', () => {
    expect(problems({ x: { type: 'float', low: 0, high: 1, when: { opt: 'sgd' } } })).toEqual(['x.when: when refers to opt, which is not a parameter of space']);
    expect(problems({ opt: { type: 'categorical', choices: ['sgd'] }, x: { type: 'bool', when: { opt: 'adamw' } } })).toEqual([
      'x.when: when opt: "adamw" is not a value opt can take',
    ]);
    expect(problems({ f: { type: 'float', low: 0, high: 1 }, x: { type: 'bool', when: { f: 0.5 } } })[0]).toMatch(/not the float f/);
    expect(problems({ x: { type: 'bool', when: { x: true } } })).toContain('x.when: when must not refer to the parameter itself');
    expect(
      problems({ a: { type: 'bool', when: { b: true } }, b: { type: 'bool', when: { a: true } } }).some((p) => p.includes('form a cycle')),
    ).toBe(true);
  });

  it('orders parents before children and decides activity from the chosen values', () => {
    const space = searchSpaceSchema.parse({
      width2: { type: 'int', low: 1, high: 8, when: { layers: [2, 3] } },
      layers: { type: 'int', low: 1, high: 3 },
    });
    expect(parameterOrder(space)).toEqual(['layers', 'width2']);
    expect(isActive(space.width2!, { layers: 2 })).toBe(true);
    expect(isActive(space.width2!, { layers: 1 })).toBe(false);
    expect(isActive(space.width2!, {})).toBe(false);
  });
});
