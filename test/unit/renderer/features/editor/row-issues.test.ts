import { describe, expect, it } from 'vitest';
import { spaceIssues } from '../../../../../renderer/features/editor/row-issues';

describe('search-space issues by row', () => {
  it('places each problem on the row of its parameter, naming the fix', () => {
    const issues = spaceIssues({
      ok: { type: 'float', low: 0, high: 1 },
      lr: { type: 'float', low: 0, high: 0.1, log: true },
      momentum: { type: 'float', low: 0.5, high: 0.9, when: { optimizer: 'sgd' } },
    });
    expect([...issues.rows.keys()]).toEqual([1, 2]);
    expect(issues.rows.get(1)).toEqual([{ fields: ['low'], message: expect.stringMatching(/^low must be > 0 when log is true; raise low or set log: false/) }]);
    expect(issues.rows.get(2)).toEqual([{ fields: ['when'], message: 'when refers to optimizer, which is not a parameter of space' }]);
    expect(issues.space).toEqual([]);
  });

  it('says which field is not a number and gives an example', () => {
    const issues = spaceIssues({ lr: { type: 'float', low: 'abc', high: 1 } });
    expect(issues.rows.get(0)).toEqual([{ fields: ['low'], message: 'low must be a number, not "abc" (e.g. 0.001)' }]);
    const missing = spaceIssues({ lr: { type: 'float', high: 1 } });
    expect(missing.rows.get(0)).toEqual([{ fields: ['low'], message: 'low is required, e.g. 0.001' }]);
  });

  it('marks both ends of a reversed range and the scale when log and reverse-log clash', () => {
    expect(spaceIssues({ a: { type: 'int', low: 5, high: 1 } }).rows.get(0)?.[0]?.fields).toEqual(['low', 'high']);
    expect(spaceIssues({ a: { type: 'float', low: 0.5, high: 0.9, log: true, reverse_log: true } }).rows.get(0)?.[0]?.fields).toEqual(['log', 'reverse_log']);
  });

  it('names an unknown type and lists the known ones', () => {
    const issues = spaceIssues({ lr: { type: 'double', low: 0, high: 1 } });
    expect(issues.rows.get(0)?.[0]?.message).toMatch(/type must be one of float, int, categorical, bool, fixed/);
  });

  it('reports problems of the whole space apart from the rows', () => {
    expect(spaceIssues({}).space).toEqual(['add a parameter: the space needs at least one']);
    const cycle = spaceIssues({ a: { type: 'bool', when: { b: true } }, b: { type: 'bool', when: { a: true } } });
    expect(cycle.space[0]).toMatch(/cycle/);
    expect(spaceIssues({ a: { type: 'bool' } })).toEqual({ rows: new Map(), space: [] });
  });
});
