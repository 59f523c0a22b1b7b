import type { Data, Layout } from 'plotly.js-dist-min';
import type { GpuSample } from '../../shared/domain';
import type { ChartTheme } from './chart-theme';
import { escapeLabel, type Figure } from './learning-curves-figure';

export interface GpuUsageInput {
  /** Samples of every GPU, any order. */
  readonly samples: readonly GpuSample[];
  /** GPU names by index, for the legend; a GPU without one is called by its index. */
  readonly names: Readonly<Record<number, string>>;
  readonly theme: ChartTheme;
  readonly revision: string;
  /** Writes a sample time on the date axis; local wall-clock time by default. */
  readonly timeLabel?: (ms: number) => string;
}

/**
 * `2026-12-03 09:15:02.250` in local time. Plotly reads a number on a date axis as UTC, and a
 * string without a zone as it is; this way the axis shows the clock on the wall.
 */
export function localTimeLabel(ms: number): string {
  const date = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`
  );
}

/**
 * Per GPU, utilisation and memory used, both in percent on one axis (solid and dotted lines of the
 * GPU's colour) so one small chart shows both; the hover gives memory in MiB.
 */
export function buildGpuUsageFigure(input: GpuUsageInput): Figure {
  const timeLabel = input.timeLabel ?? localTimeLabel;
  const byIndex = new Map<number, GpuSample[]>();
  for (const sample of input.samples) {
    const list = byIndex.get(sample.index);
    if (list === undefined) byIndex.set(sample.index, [sample]);
    else list.push(sample);
  }
  const indexes = [...byIndex.keys()].sort((a, b) => a - b);
  const data: Data[] = [];
  for (const index of indexes) {
    const samples = (byIndex.get(index) ?? []).sort((a, b) => a.time - b.time);
    const color = input.theme.colorway[index % input.theme.colorway.length] ?? '#888888';
    const name = escapeLabel(`GPU ${index}${input.names[index] !== undefined ? ` ${input.names[index]}` : ''}`);
    const x = samples.map((sample) => timeLabel(sample.time));
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `${name} utilisation`,
      legendgroup: `gpu-${index}`,
      x,
      // A reading without utilisation (some GPUs do not report it) leaves a gap, not a zero.
      y: samples.map((sample) => sample.utilizationPercent),
      line: { color, width: 1.8 },
      text: `${name} utilisation`,
      hovertemplate: '%{text}: %{y:.0f}%<extra></extra>',
    });
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `${name} memory`,
      legendgroup: `gpu-${index}`,
      x,
      y: samples.map((sample) => (sample.memoryTotalMiB > 0 ? (100 * sample.memoryUsedMiB) / sample.memoryTotalMiB : null)),
      customdata: samples.map((sample) => [sample.memoryUsedMiB, sample.memoryTotalMiB]),
      line: { color, width: 1.8, dash: 'dot' },
      text: `${name} memory`,
      hovertemplate: '%{text}: %{y:.0f}% (%{customdata[0]} of %{customdata[1]} MiB)<extra></extra>',
    });
  }
  const axis = {
    gridcolor: input.theme.grid,
    zerolinecolor: input.theme.grid,
    linecolor: input.theme.axisLine,
    tickfont: { color: input.theme.mutedText, size: 10 },
    automargin: true,
  };
  const layout: Partial<Layout> = {
    uirevision: input.revision,
    autosize: true,
    margin: { l: 44, r: 8, t: 8, b: 28 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { family: input.theme.fontFamily, size: 11, color: input.theme.text },
    hovermode: 'x unified',
    hoverlabel: { bgcolor: input.theme.hoverBackground, bordercolor: input.theme.hoverBorder, font: { color: input.theme.text } },
    showlegend: true,
    legend: { orientation: 'h', y: -0.25, font: { size: 10, color: input.theme.mutedText } },
    xaxis: { ...axis, type: 'date' },
    yaxis: { ...axis, range: [0, 100], ticksuffix: '%' },
  };
  return { data, layout };
}
