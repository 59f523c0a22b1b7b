import { describe, expect, it } from 'vitest';
import { orderedParams } from '../../../../../renderer/features/trial/params-export';

const PARAMS = { optimizer: 'adam', lr: 0.001, layers: 3, dropout: true };
const ORDER = ['lr', 'layers', 'optimizer'];

describe('params order', () => {
  it('lists params in the search space order, names the space lacks last', () => {
    expect(orderedParams(PARAMS, ORDER).map(([name]) => name)).toEqual(['lr', 'layers', 'optimizer', 'dropout']);
  });
});
