import { useMemo } from 'react';
import { buildGpuUsageFigure } from '../../charts/gpu-usage-figure';
import { PlotlyChart } from '../../charts/PlotlyChart';
import { useChartTheme } from '../../charts/use-chart-theme';
import { GPU_HISTORY_MS } from '../../state/gpus-slice';
import { useGpus } from '../../state/hooks';
import { shortGpuName } from './gpu-line';

/**
 * Each GPU's utilisation and memory over the last half hour. Drawn only once there are samples;
 * on a machine without GPUs it says so in a line (the GPU line above gives the reason; so does
 * this line's tooltip).
 */
export function GpuUsage() {
  const { status, history } = useGpus();
  const theme = useChartTheme();
  const names = useMemo(() => {
    const byIndex: Record<number, string> = {};
    if (status?.kind === 'gpus') for (const device of status.devices) byIndex[device.index] = shortGpuName(device.name);
    return byIndex;
  }, [status]);
  const figure = useMemo(() => buildGpuUsageFigure({ samples: history, names, theme, revision: 'gpu-usage' }), [history, names, theme]);

  if (status === null) return null;
  if (status.kind === 'none') {
    return (
      <p className="gpu-usage__none muted" title={status.reason}>
        No GPU utilisation to chart: trials run on the CPU.
      </p>
    );
  }
  if (history.length === 0) return null;
  return (
    <section className="panel gpu-usage">
      <div className="panel__head">
        <h2>GPU utilisation and memory</h2>
        <span className="muted">last {GPU_HISTORY_MS / 60_000} minutes · solid: utilisation, dotted: memory used</span>
      </div>
      <div className="gpu-usage__chart" role="img" aria-label="GPU utilisation and memory over time">
        <PlotlyChart className="gpu-usage__plot" data={figure.data} layout={figure.layout} />
      </div>
    </section>
  );
}
