import { memo, useMemo } from 'react';
import type { Experiment, Trial } from '../../../shared/domain';
import { trialColor } from '../../charts/learning-curves-figure';
import { PlotlyChart } from '../../charts/PlotlyChart';
import { buildTrialMetricFigure, orderMetrics } from '../../charts/trial-metric-figure';
import type { ChartTheme } from '../../charts/chart-theme';
import { useChartTheme } from '../../charts/use-chart-theme';
import { useTrialMetrics, useTrialMetricsLoaded } from '../../state/hooks';
import type { MetricSeries } from '../../state/metrics-slice';
import { formatValue } from '../../lib/format';

const NO_METRICS: Readonly<Record<string, MetricSeries>> = {};

/** One small chart per metric the trial reported, its objective first. */
export function TrialCurves({ experiment, trial }: { readonly experiment: Experiment; readonly trial: Trial }) {
  const held = useTrialMetrics(trial.id);
  // Until the trial's every curve is here, what is held may be a few pushed points or the one
  // metric of the dashboard's summary: not worth drawing.
  const loaded = useTrialMetricsLoaded(experiment.id, trial.id);
  const metrics = loaded ? held : NO_METRICS;
  const theme = useChartTheme();
  const objective = experiment.spec.objective.metric;
  const names = useMemo(() => orderMetrics(Object.keys(metrics), objective), [metrics, objective]);
  return (
    <section className="panel trial-curves">
      <div className="panel__head">
        <h2>Metrics</h2>
        <span className="muted">
          {names.length} metric{names.length === 1 ? '' : 's'}
        </span>
      </div>
      {names.length === 0 ? (
        <p className="trial-curves__empty muted">{loaded ? 'No metrics reported yet.' : 'Loading metrics…'}</p>
      ) : (
        <div className="trial-curves__grid">
          {names.map((name) => (
            <MetricChart
              key={name}
              trialId={trial.id}
              metric={name}
              series={metrics[name] ?? []}
              isObjective={name === objective}
              color={trialColor(trial.number, theme)}
              theme={theme}
            />
          ))}
        </div>
      )}
    </section>
  );
}

interface MetricChartProps {
  readonly trialId: number;
  readonly metric: string;
  readonly series: MetricSeries;
  readonly isObjective: boolean;
  readonly color: string;
  readonly theme: ChartTheme;
}

/** Memoised so a tick of one metric redraws that chart only. */
const MetricChart = memo(function MetricChart({ trialId, metric, series, isObjective, color, theme }: MetricChartProps) {
  const figure = useMemo(
    () => buildTrialMetricFigure({ metric, series, isObjective, color, theme, revision: `${trialId}:${metric}` }),
    [trialId, metric, series, isObjective, color, theme],
  );
  const last = series[series.length - 1];
  return (
    <figure className="trial-curve">
      <figcaption className="trial-curve__caption">
        <span className="trial-curve__name">
          {metric}
          {isObjective && <span className="muted"> (objective)</span>}
        </span>
        {last !== undefined && (
          <span className="muted numeric">
            {formatValue(last.value)} at step {last.step}
          </span>
        )}
      </figcaption>
      <div className="trial-curve__chart" role="img" aria-label={`${metric} curve`}>
        <PlotlyChart className="trial-curve__plot" data={figure.data} layout={figure.layout} />
      </div>
    </figure>
  );
});
