import type { Data, Layout } from 'plotly.js-dist-min';

/**
 * A still drawing of a line figure, on a canvas, for the time before Plotly is there. Plotly is a
 * 4.8 MB script whose evaluation and first draw take two to three seconds of one busy core on a
 * slow machine; the learning curves are drawn from the same figure (the traces and layout built
 * for Plotly) at once instead, and Plotly replaces the drawing once it is loaded, adding hover,
 * zoom and the legend. Only what the learning curves use is drawn: lines and markers of
 * scatter(gl) traces, `fill: 'tonexty'` bands, dashes, opacity, linear and log y axes, the grid,
 * tick labels and the axis titles. Hover text, legend and annotations wait for Plotly.
 */

export interface PreviewLine {
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly color: string;
  readonly width: number;
  readonly dash: readonly number[];
  readonly opacity: number;
  readonly markers: boolean;
  readonly markerSize: number;
  /** The colour filling from this line to the one before it (Plotly's 'tonexty'), or null. */
  readonly fillToPrevious: string | null;
  readonly visible: boolean;
}

export interface PreviewAxis {
  readonly min: number;
  readonly max: number;
  readonly log: boolean;
  readonly ticks: readonly number[];
  readonly title: string;
}

const DASHES: Readonly<Record<string, readonly number[]>> = {
  solid: [],
  dot: [2, 3],
  dash: [6, 4],
  longdash: [10, 5],
  dashdot: [6, 3, 2, 3],
};

function numbers(value: unknown): number[] {
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) return [];
  return Array.from(value as ArrayLike<unknown>, (item) => (typeof item === 'number' ? item : Number.NaN));
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** The lines of a figure's scatter and scattergl traces, in drawing order; other traces are left out. */
export function previewLines(data: readonly Data[]): PreviewLine[] {
  return data.flatMap((trace): PreviewLine[] => {
    const fields = record(trace);
    const type = fields.type ?? 'scatter';
    if (type !== 'scatter' && type !== 'scattergl') return [];
    const line = record(fields.line);
    const marker = record(fields.marker);
    const mode = typeof fields.mode === 'string' ? fields.mode : 'lines';
    const color = typeof line.color === 'string' ? line.color : typeof marker.color === 'string' ? marker.color : '#888888';
    return [
      {
        x: numbers(fields.x),
        y: numbers(fields.y),
        color,
        width: typeof line.width === 'number' ? line.width : 2,
        dash: DASHES[typeof line.dash === 'string' ? line.dash : 'solid'] ?? [],
        opacity: typeof fields.opacity === 'number' ? fields.opacity : 1,
        markers: mode.includes('markers'),
        markerSize: typeof marker.size === 'number' ? marker.size : 6,
        fillToPrevious: fields.fill === 'tonexty' ? (typeof fields.fillcolor === 'string' ? fields.fillcolor : color) : null,
        // Plotly's 'legendonly' hides a trace; a drawing has no legend to bring it back from.
        visible: fields.visible !== false && fields.visible !== 'legendonly',
      },
    ];
  });
}

/** Round steps (1, 2 or 5 times a power of ten) from below `min` to above `max`, about `count` of them. */
export function niceTicks(min: number, max: number, count = 6): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const rough = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let tick = Math.ceil(min / step) * step; tick <= max + step * 1e-9; tick += step) {
    // Rounded to the step's precision, so 0.30000000000000004 reads 0.3.
    ticks.push(Number(tick.toPrecision(12)));
  }
  return ticks;
}

/** Powers of ten between min and max (log10 values), with 2 and 5 between them when there are few. */
function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  const decades = max - min;
  for (let power = Math.floor(min); power <= Math.ceil(max); power += 1) {
    for (const factor of decades < 3 ? [1, 2, 5] : [1]) {
      const tick = power + Math.log10(factor);
      if (tick >= min && tick <= max) ticks.push(tick);
    }
  }
  return ticks;
}

function axisTitle(axis: unknown): string {
  const title = record(axis).title;
  if (typeof title === 'string') return title;
  const text = record(title).text;
  return typeof text === 'string' ? text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : '';
}

/**
 * The axes a figure's lines span: x linear, y linear or log (log values are stored as log10), with
 * round ticks. Non-finite points, and on a log axis points at or below zero, are left out, as
 * Plotly leaves them out. Null when nothing is drawable.
 */
export function previewAxes(lines: readonly PreviewLine[], layout: Partial<Layout>, tickCounts: { readonly x: number; readonly y: number } = { x: 6, y: 5 }): { x: PreviewAxis; y: PreviewAxis } | null {
  const log = record(layout.yaxis).type === 'log';
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const line of lines) {
    if (!line.visible) continue;
    for (let index = 0; index < line.x.length; index += 1) {
      const x = line.x[index]!;
      const raw = line.y[index] ?? Number.NaN;
      const y = log ? (raw > 0 ? Math.log10(raw) : Number.NaN) : raw;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      xMin = Math.min(xMin, x);
      xMax = Math.max(xMax, x);
      yMin = Math.min(yMin, y);
      yMax = Math.max(yMax, y);
    }
  }
  if (!Number.isFinite(xMin) || !Number.isFinite(yMin)) return null;
  if (xMin === xMax) {
    xMin -= 1;
    xMax += 1;
  }
  if (yMin === yMax) {
    yMin -= log ? 0.5 : Math.abs(yMin) * 0.1 || 1;
    yMax += log ? 0.5 : Math.abs(yMax) * 0.1 || 1;
  }
  // A little room above and below, as Plotly's autorange leaves for lines.
  const pad = (yMax - yMin) * 0.04;
  yMin -= pad;
  yMax += pad;
  return {
    x: { min: xMin, max: xMax, log: false, ticks: niceTicks(xMin, xMax, tickCounts.x), title: axisTitle(layout.xaxis) },
    y: { min: yMin, max: yMax, log, ticks: log ? logTicks(yMin, yMax) : niceTicks(yMin, yMax, tickCounts.y), title: axisTitle(layout.yaxis) },
  };
}

function tickLabel(value: number, log: boolean): string {
  const shown = log ? 10 ** value : value;
  if (shown === 0) return '0';
  const magnitude = Math.abs(shown);
  return magnitude >= 1e5 || magnitude < 1e-3 ? shown.toExponential(0) : String(Number(shown.toPrecision(4)));
}

/** Draws the figure's lines onto the canvas at its current CSS size. Returns whether anything was drawn. */
export function drawPreview(canvas: HTMLCanvasElement, data: readonly Data[], layout: Partial<Layout>): boolean {
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const context = canvas.getContext('2d');
  if (context === null || width === 0 || height === 0) return false;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);

  const margin = record(layout.margin);
  const left = (typeof margin.l === 'number' ? margin.l : 56) + 8;
  const right = typeof margin.r === 'number' ? margin.r : 12;
  const top = typeof margin.t === 'number' ? margin.t : 30;
  const bottom = (typeof margin.b === 'number' ? margin.b : 40) + 12;
  const plotWidth = Math.max(1, width - left - right);
  const plotHeight = Math.max(1, height - top - bottom);
  const lines = previewLines(data);
  // About as many ticks as Plotly puts on an axis of this length.
  const axes = previewAxes(lines, layout, { x: Math.max(2, Math.round(plotWidth / 100)), y: Math.max(2, Math.round(plotHeight / 50)) });
  if (axes === null) return false;
  const { x: xAxis, y: yAxis } = axes;
  const px = (x: number) => left + ((x - xAxis.min) / (xAxis.max - xAxis.min)) * plotWidth;
  const py = (y: number) => top + (1 - (y - yAxis.min) / (yAxis.max - yAxis.min)) * plotHeight;
  const yOf = (raw: number) => (yAxis.log ? (raw > 0 ? Math.log10(raw) : Number.NaN) : raw);

  const font = record(layout.font);
  const xAxisStyle = record(layout.xaxis);
  const textColor = typeof record(xAxisStyle.tickfont).color === 'string' ? (record(xAxisStyle.tickfont).color as string) : typeof font.color === 'string' ? font.color : '#555555';
  const gridColor = typeof xAxisStyle.gridcolor === 'string' ? xAxisStyle.gridcolor : '#e6e9ee';
  const family = typeof font.family === 'string' ? font.family : 'sans-serif';

  context.font = `12px ${family}`;
  context.fillStyle = textColor;
  context.strokeStyle = gridColor;
  context.lineWidth = 1;
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (const tick of xAxis.ticks) {
    const x = Math.round(px(tick)) + 0.5;
    context.beginPath();
    context.moveTo(x, top);
    context.lineTo(x, top + plotHeight);
    context.stroke();
    context.fillText(tickLabel(tick, false), x, top + plotHeight + 6);
  }
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (const tick of yAxis.ticks) {
    const y = Math.round(py(tick)) + 0.5;
    context.beginPath();
    context.moveTo(left, y);
    context.lineTo(left + plotWidth, y);
    context.stroke();
    context.fillText(tickLabel(tick, yAxis.log), left - 6, y);
  }
  context.font = `13px ${family}`;
  context.textAlign = 'center';
  context.textBaseline = 'bottom';
  context.fillText(xAxis.title, left + plotWidth / 2, height - 2);
  context.save();
  context.translate(14, top + plotHeight / 2);
  context.rotate(-Math.PI / 2);
  context.textBaseline = 'middle';
  context.fillText(yAxis.title, 0, 0);
  context.restore();

  context.save();
  context.beginPath();
  context.rect(left, top, plotWidth, plotHeight);
  context.clip();
  let previous: PreviewLine | null = null;
  for (const line of lines) {
    if (line.visible && line.fillToPrevious !== null && previous !== null) {
      context.beginPath();
      let started = false;
      const trace = (from: PreviewLine, reverse: boolean) => {
        for (let step = 0; step < from.x.length; step += 1) {
          const index = reverse ? from.x.length - 1 - step : step;
          const y = yOf(from.y[index] ?? Number.NaN);
          if (!Number.isFinite(y) || !Number.isFinite(from.x[index]!)) continue;
          if (started) context.lineTo(px(from.x[index]!), py(y));
          else context.moveTo(px(from.x[index]!), py(y));
          started = true;
        }
      };
      trace(line, false);
      trace(previous, true);
      context.closePath();
      context.fillStyle = line.fillToPrevious;
      context.fill();
    }
    previous = line;
    if (!line.visible) continue;
    context.globalAlpha = line.opacity;
    context.strokeStyle = line.color;
    context.fillStyle = line.color;
    if (line.width > 0) {
      context.lineWidth = line.width;
      context.setLineDash(line.dash);
      context.beginPath();
      let penDown = false;
      for (let index = 0; index < line.x.length; index += 1) {
        const y = yOf(line.y[index] ?? Number.NaN);
        const x = line.x[index]!;
        // A gap (NaN) lifts the pen, as Plotly leaves gaps unconnected.
        if (!Number.isFinite(x) || !Number.isFinite(y)) {
          penDown = false;
          continue;
        }
        if (penDown) context.lineTo(px(x), py(y));
        else context.moveTo(px(x), py(y));
        penDown = true;
      }
      context.stroke();
    }
    if (line.markers) {
      for (let index = 0; index < line.x.length; index += 1) {
        const y = yOf(line.y[index] ?? Number.NaN);
        if (!Number.isFinite(y)) continue;
        context.beginPath();
        context.arc(px(line.x[index]!), py(y), line.markerSize / 2, 0, 2 * Math.PI);
        context.fill();
      }
    }
    context.globalAlpha = 1;
  }
  context.restore();
  return true;
}
