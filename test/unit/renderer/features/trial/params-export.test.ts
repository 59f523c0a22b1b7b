import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatParams, orderedParams } from '../../../../../renderer/features/trial/params-export';

const PARAMS = { optimizer: 'adam', lr: 0.001, layers: 3, dropout: true };
const ORDER = ['lr', 'layers', 'optimizer'];

describe('params export', () => {
  it('lists params in the search space order, names the space lacks last', () => {
    expect(orderedParams(PARAMS, ORDER).map(([name]) => name)).toEqual(['lr', 'layers', 'optimizer', 'dropout']);
  });

  it('writes JSON in that order that parses back to the same params', () => {
    const text = formatParams(PARAMS, ORDER, 'json');
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['lr', 'layers', 'optimizer', 'dropout']);
    expect(JSON.parse(text)).toEqual(PARAMS);
  });

  it('writes YAML that parses back to the same params, with their types', () => {
    const text = formatParams(PARAMS, ORDER, 'yaml');
    expect(text.split('\n')[0]).toBe('lr: 0.001');
    expect(parse(text)).toEqual(PARAMS);
  });

  it('keeps a string that looks like another type a string in YAML', () => {
    expect(parse(formatParams({ activation: 'true', size: '10' }, [], 'yaml'))).toEqual({ activation: 'true', size: '10' });
  });
});
