/** A small hand-written SVG: one panel per table, median regret (log scale) against steps spent, a line per method. */
export interface PlotSeries {
  readonly title: string;
  readonly lines: readonly { readonly label: string; readonly points: readonly { readonly x: number; readonly y: number }[] }[];
}

/** In METHODS order: the baselines in greys and browns, then median, asha, hyperband, freeze_thaw per searcher, then Optuna. */
const COLOURS = ['#888888', '#bbbbbb', '#8c564b', '#9467bd', '#1f77b4', '#2ca02c', '#d62728', '#c5b0d5', '#aec7e8', '#98df8a', '#ff9896', '#17becf', '#ff7f0e'];
const PANEL = { width: 460, height: 300, left: 56, right: 12, top: 28, bottom: 40 };
const Y_MIN = 1e-4;
const Y_MAX = 1;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function svgPlot(panels: readonly PlotSeries[]): string {
  const columns = 2;
  const legendWidth = 230;
  const rows = Math.ceil(panels.length / columns);
  const width = columns * PANEL.width + legendWidth;
  const height = rows * PANEL.height;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`, `<rect width="${width}" height="${height}" fill="white"/>`];
  panels.forEach((panel, index) => {
    const x0 = (index % columns) * PANEL.width;
    const y0 = Math.floor(index / columns) * PANEL.height;
    const plotWidth = PANEL.width - PANEL.left - PANEL.right;
    const plotHeight = PANEL.height - PANEL.top - PANEL.bottom;
    const xMax = Math.max(...panel.lines.flatMap((line) => line.points.map((p) => p.x)));
    const sx = (x: number) => x0 + PANEL.left + (x / xMax) * plotWidth;
    const sy = (y: number) => y0 + PANEL.top + ((Math.log10(Y_MAX) - Math.log10(Math.min(Y_MAX, Math.max(Y_MIN, y)))) / (Math.log10(Y_MAX) - Math.log10(Y_MIN))) * plotHeight;
    parts.push(`<text x="${x0 + PANEL.left}" y="${y0 + 16}" font-weight="bold">${escape(panel.title.slice(0, 70))}</text>`);
    parts.push(`<rect x="${x0 + PANEL.left}" y="${y0 + PANEL.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#ccc"/>`);
    for (let exponent = -4; exponent <= 0; exponent++) {
      const y = sy(10 ** exponent);
      parts.push(`<line x1="${x0 + PANEL.left}" x2="${x0 + PANEL.left + plotWidth}" y1="${y}" y2="${y}" stroke="#eee"/><text x="${x0 + PANEL.left - 4}" y="${y + 4}" text-anchor="end">1e${exponent}</text>`);
    }
    for (let tick = 0; tick <= 4; tick++) {
      const x = sx((xMax * tick) / 4);
      parts.push(`<text x="${x}" y="${y0 + PANEL.top + plotHeight + 14}" text-anchor="middle">${Math.round((xMax * tick) / 4)}</text>`);
    }
    parts.push(`<text x="${x0 + PANEL.left + plotWidth / 2}" y="${y0 + PANEL.height - 8}" text-anchor="middle">steps spent (epochs)</text>`);
    panel.lines.forEach((line, i) => {
      const finite = line.points.filter((p) => Number.isFinite(p.y));
      if (finite.length === 0) return;
      const d = finite.map((p, k) => `${k === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join('');
      parts.push(`<path d="${d}" fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="${line.label.startsWith('freeze_thaw') || line.label.startsWith('asha') ? 2.2 : 1.3}"/>`);
    });
  });
  const labels = panels[0]?.lines.map((line) => line.label) ?? [];
  labels.forEach((label, i) => {
    const y = 40 + i * 18;
    const x = columns * PANEL.width + 10;
    parts.push(`<line x1="${x}" x2="${x + 24}" y1="${y}" y2="${y}" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="2"/><text x="${x + 30}" y="${y + 4}">${escape(label)}</text>`);
  });
  parts.push(`<text x="${columns * PANEL.width + 10}" y="20" font-weight="bold">median normalised regret</text>`, '</svg>');
  return `${parts.join('\n')}\n`;
}
