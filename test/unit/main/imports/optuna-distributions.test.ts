import { describe, expect, it } from 'vitest';
import { decodeParam, parseDistribution, type OptunaDistribution } from '../../../../main/imports/optuna-distributions';
import { spaceEntry } from '../../../../main/imports/optuna-space';
import { parseOptunaTime } from '../../../../main/imports/optuna-study';
import type { ImportReportItem } from '../../../../shared/imports/import-report';

const parsed = (name: string, attributes: object) => parseDistribution(JSON.stringify({ name, attributes })) as OptunaDistribution;

describe('Optuna distributions', () => {
  it('reads the current distributions and the ones before Optuna 3', () => {
    expect(parsed('FloatDistribution', { low: 1e-5, high: 0.1, log: true, step: null })).toEqual({ kind: 'float', low: 1e-5, high: 0.1, log: true, step: null });
    expect(parsed('LogUniformDistribution', { low: 1e-5, high: 0.1 })).toEqual({ kind: 'float', low: 1e-5, high: 0.1, log: true, step: null });
    expect(parsed('DiscreteUniformDistribution', { low: 0, high: 1, q: 0.25 })).toEqual({ kind: 'float', low: 0, high: 1, log: false, step: 0.25 });
    expect(parsed('IntLogUniformDistribution', { low: 1, high: 64, step: 1 })).toEqual({ kind: 'int', low: 1, high: 64, log: true, step: 1 });
    expect(parsed('IntDistribution', { low: 2, high: 32, log: false, step: 2 })).toEqual({ kind: 'int', low: 2, high: 32, log: false, step: 2 });
    expect(parseDistribution('{"name": "ZipfDistribution", "attributes": {}}')).toMatch(/unknown distribution "ZipfDistribution"/);
    expect(parseDistribution('not json')).toMatch(/not JSON/);
  });

  it('decodes the internal float: a categorical index, a rounded int, a float as is', () => {
    expect(decodeParam(parsed('CategoricalDistribution', { choices: ['adam', "it's", true, 3] }), 1)).toBe("it's");
    expect(decodeParam(parsed('CategoricalDistribution', { choices: ['adam', "it's", true, 3] }), 2)).toBe(true);
    expect(decodeParam(parsed('IntDistribution', { low: 1, high: 8, log: false, step: 1 }), 3.0000000001)).toBe(3);
    expect(decodeParam(parsed('FloatDistribution', { low: 0, high: 1, log: false, step: null }), 0.1 + 0.2)).toBe(0.1 + 0.2);
  });

  it('joins a parameter whose range changed between trials, and says so', () => {
    const report: ImportReportItem[] = [];
    const entry = spaceEntry('x', [parsed('FloatDistribution', { low: 0, high: 1, log: false, step: null }), parsed('FloatDistribution', { low: -1, high: 0.5, log: false, step: null })], [], report);
    expect(entry).toEqual({ type: 'float', low: -1, high: 1 });
    expect(report[0]).toMatchObject({ field: 'trial_params.x', action: 'approximated' });
  });

  it('keeps None among the choices as the string "None", and a one-value range as fixed', () => {
    const report: ImportReportItem[] = [];
    expect(spaceEntry('act', [parsed('CategoricalDistribution', { choices: ['relu', null] })], [], report)).toEqual({ type: 'categorical', choices: ['relu', 'None'] });
    expect(report[0]?.message).toMatch(/None became the string "None"/);
    expect(spaceEntry('k', [parsed('IntDistribution', { low: 4, high: 4, log: false, step: 1 })], [], [])).toEqual({ type: 'fixed', value: 4 });
  });

  it('reads the naive local times Optuna writes', () => {
    expect(parseOptunaTime('2026-12-03 08:01:02.123456')).toBe(new Date(2026, 11, 3, 8, 1, 2, 123).getTime());
    expect(parseOptunaTime('2026-12-03 08:01:02')).toBe(new Date(2026, 11, 3, 8, 1, 2).getTime());
    expect(parseOptunaTime(null)).toBeNull();
    expect(parseOptunaTime('yesterday')).toBeNull();
  });
});
