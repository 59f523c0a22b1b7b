import { describe, expect, it } from 'vitest';
import type { Data } from 'plotly.js-dist-min';
import type { GpuSample } from '../../../../shared/domain';
import { LIGHT_CHART_THEME } from '../../../../renderer/charts/chart-theme';
import { buildGpuUsageFigure, localTimeLabel } from '../../../../renderer/charts/gpu-usage-figure';

function field(trace: Data | undefined, name: string): unknown {
  return (trace as Record<string, unknown> | undefined)?.[name];
}

// Shaped like what `gpus/status` returns from nvidia-smi sampling every few seconds on two GPUs,
// pushed out of order across batches.
const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);
const SAMPLES: GpuSample[] = [
  { time: T0 + 5000, index: 1, utilizationPercent: 0, memoryUsedMiB: 3, memoryTotalMiB: 24564 },
  { time: T0, index: 0, utilizationPercent: 12, memoryUsedMiB: 2048, memoryTotalMiB: 8192 },
  { time: T0 + 5000, index: 0, utilizationPercent: 97, memoryUsedMiB: 6144, memoryTotalMiB: 8192 },
  { time: T0, index: 1, utilizationPercent: null, memoryUsedMiB: 3, memoryTotalMiB: 24564 },
  { time: T0 + 10000, index: 0, utilizationPercent: 99, memoryUsedMiB: 8192, memoryTotalMiB: 8192 },
];

describe('gpu usage figure', () => {
  it('draws utilisation and memory (in percent) per GPU, in time order', () => {
    const { data } = buildGpuUsageFigure({ samples: SAMPLES, names: { 0: 'RTX 3070', 1: 'RTX 4090' }, theme: LIGHT_CHART_THEME, revision: 'r', timeLabel: String });
    expect(data.map((trace) => field(trace, 'name'))).toEqual([
      'GPU 0 RTX 3070 utilisation',
      'GPU 0 RTX 3070 memory',
      'GPU 1 RTX 4090 utilisation',
      'GPU 1 RTX 4090 memory',
    ]);
    expect(field(data[0], 'x')).toEqual([String(T0), String(T0 + 5000), String(T0 + 10000)]);
    expect(field(data[0], 'y')).toEqual([12, 97, 99]);
    expect(field(data[1], 'y')).toEqual([25, 75, 100]);
    expect(field(data[1], 'customdata')).toEqual([[2048, 8192], [6144, 8192], [8192, 8192]]);
  });

  it('leaves a gap where a GPU reported no utilisation, and names a GPU it has no name for by index', () => {
    const { data } = buildGpuUsageFigure({ samples: SAMPLES, names: {}, theme: LIGHT_CHART_THEME, revision: 'r' });
    expect(field(data[2], 'name')).toBe('GPU 1 utilisation');
    expect(field(data[2], 'y')).toEqual([null, 0]);
  });

  it('has no traces without samples, and a fixed 0-100% axis', () => {
    const { data, layout } = buildGpuUsageFigure({ samples: [], names: {}, theme: LIGHT_CHART_THEME, revision: 'r' });
    expect(data).toEqual([]);
    expect(layout.yaxis?.range).toEqual([0, 100]);
  });

  it('writes times as local wall-clock strings that a date axis shows as they are', () => {
    const ms = new Date(2026, 11, 3, 9, 5, 7, 25).getTime();
    expect(localTimeLabel(ms)).toBe('2026-12-03 09:05:07.025');
  });
});
