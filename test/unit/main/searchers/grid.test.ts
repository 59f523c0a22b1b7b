import { describe, expect, it } from 'vitest';
import { enumerateGrid, gridAxis, MAX_GRID_SIZE, spreadOrder } from '../../../../main/searchers/grid';
import { paramSchema, searchSpaceSchema } from '../../../../shared/search-space';

describe('grid search', () => {
  it('puts n points on each numeric axis on its scale, ends included', () => {
    expect(gridAxis(paramSchema.parse({ type: 'float', low: 1e-4, high: 1, log: true }), 5).map((v) => Number((v as number).toPrecision(6)))).toEqual([
      1e-4, 1e-3, 1e-2, 1e-1, 1,
    ]);
    expect(gridAxis(paramSchema.parse({ type: 'int', low: 1, high: 3 }), 5)).toEqual([1, 2, 3]);
    expect(gridAxis(paramSchema.parse({ type: 'float', low: 0, high: 1, values: [0.2, 0.7] }), 5)).toEqual([0.2, 0.7]);
  });

  it('orders configurations so that the first few already span the space', () => {
    const space = searchSpaceSchema.parse({ x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } });
    const ordered = spreadOrder(space, enumerateGrid(space, 5), 1);
    expect(ordered[0]).toEqual({ x: 0.5, y: 0.5 });
    // After the centre come the corners, not the centre's neighbours.
    const corners = ordered.slice(1, 5).map((p) => `${String(p.x)},${String(p.y)}`);
    expect(new Set(corners)).toEqual(new Set(['0,0', '0,1', '1,0', '1,1']));
    expect(ordered).toHaveLength(25);
    expect(new Set(ordered.map((p) => JSON.stringify(p))).size).toBe(25);
  });

  it('refuses a grid too large to be a plan, naming the fix', () => {
    const huge = searchSpaceSchema.parse(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`p${i}`, { type: 'float', low: 0, high: 1 }])));
    expect(() => enumerateGrid(huge, 10)).toThrow(new RegExp(`more than ${MAX_GRID_SIZE} configurations; give fewer values or search.grid_points`));
  });
});
