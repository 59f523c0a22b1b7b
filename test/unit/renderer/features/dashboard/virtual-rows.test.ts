import { describe, expect, it } from 'vitest';
import { rowWindow } from '../../../../../renderer/features/dashboard/virtual-rows';

describe('virtual rows', () => {
  it('renders only the rows in view plus a margin, with spacers for the rest', () => {
    const window = rowWindow(3300, 330, 33, 10_000, 5);
    expect(window.start).toBe(95);
    expect(window.end).toBe(116);
    expect(window.padTop).toBe(95 * 33);
    expect(window.padBottom).toBe((10_000 - 116) * 33);
    // Spacers plus rendered rows always add up to the full height, so the scrollbar is honest.
    expect(window.padTop + (window.end - window.start) * 33 + window.padBottom).toBe(10_000 * 33);
  });

  it('starts at the top and stops at the end', () => {
    expect(rowWindow(0, 330, 33, 10_000, 5)).toMatchObject({ start: 0, padTop: 0 });
    const end = rowWindow(33 * 10_000, 330, 33, 10_000, 5);
    expect(end.end).toBe(10_000);
    expect(end.padBottom).toBe(0);
  });

  it('renders every row of a short table', () => {
    expect(rowWindow(0, 500, 33, 12)).toEqual({ start: 0, end: 12, padTop: 0, padBottom: 0 });
    expect(rowWindow(0, 500, 33, 0)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });
});
