/**
 * Which rows of a long table to render: only those in view plus a margin, with spacers above and
 * below standing in for the rest, so 10,000 trials cost as much as the forty on screen. Every row
 * has the same height (the table's CSS fixes it), which is what makes this arithmetic exact.
 */
export interface RowWindow {
  /** First row to render. */
  readonly start: number;
  /** One past the last row to render. */
  readonly end: number;
  /** Heights of the spacers standing in for the rows before `start` and after `end`. */
  readonly padTop: number;
  readonly padBottom: number;
}

export const OVERSCAN_ROWS = 10;

export function rowWindow(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan: number = OVERSCAN_ROWS): RowWindow {
  if (count === 0 || rowHeight <= 0) return { start: 0, end: count, padTop: 0, padBottom: 0 };
  const firstVisible = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.min(count, Math.max(0, firstVisible - overscan));
  const end = Math.min(count, firstVisible + visible + overscan);
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}
