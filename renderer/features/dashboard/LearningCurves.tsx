import { useMemo, useState } from 'react';
import type { Experiment } from '../../../shared/domain';
import { buildLearningCurves } from '../../charts/learning-curves-figure';
import { useCurveEnvelope } from '../../charts/use-curve-envelope';
import { useCurveSplit } from '../../charts/use-curve-split';
import { PlotlyChart } from '../../charts/PlotlyChart';
import { useStableValue } from '../../lib/use-stable-value';
import { useChartTheme } from '../../charts/use-chart-theme';
import { canUseWebGlTraces } from '../../charts/webgl-support';
import {
  useChartMetric,
  useCurveSeries,
  useForecasts,
  useLogScale,
  useMetricNames,
  useMetricsLoaded,
  useTrials,
  useUiActions,
} from '../../state/hooks';

/** One line per trial of the chosen metric against step; the objective's metric by default. */
export function LearningCurves({ experiment }: { readonly experiment: Experiment }) {
  const experimentId = experiment.id;
  const objective = experiment.spec.objective.metric;
  const trials = useTrials(experimentId);
  const names = useMetricNames(experimentId);
  const metric = useChartMetric(experimentId) ?? objective;
  const series = useCurveSeries(experimentId, metric);
  const logScale = useLogScale();
  const metricsLoaded = useMetricsLoaded(experimentId);
  const theme = useChartTheme();
  const { setChartMetric, setLogScale } = useUiActions();
  const bestTrialId = experiment.best?.trialId ?? null;
  const space = useStableValue(experiment.spec.space);
  const paramOrder = useMemo(() => Object.keys(space), [space]);
  const forecasts = useForecasts(experimentId);
  const hasResource = experiment.spec.resource !== undefined;
  // On by default where the policy decides on them; a click away for any experiment with a resource.
  const [showForecasts, setShowForecasts] = useState(experiment.spec.policy.name === 'freeze_thaw');
  const drawForecasts = hasResource && showForecasts && metric === objective;
  const metricChoices = useMemo(() => [objective, ...names.filter((name) => name !== objective)], [objective, names]);

  const webGlAvailable = canUseWebGlTraces();
  const objectiveMode = experiment.spec.objective.mode;
  const split = useCurveSplit({ trials, series, bestTrialId, webGlAvailable, objectiveMode });
  const envelope = useCurveEnvelope(split.rest);

  const figure = useMemo(
    () =>
      buildLearningCurves({
        trials,
        series,
        metric,
        logScale,
        bestTrialId,
        paramOrder,
        theme,
        revision: `${experimentId}:${metric}:${logScale ? 'log' : 'linear'}`,
        webGlAvailable,
        objectiveMode,
        envelope,
        split,
        ...(drawForecasts ? { forecasts } : {}),
      }),
    [trials, series, metric, logScale, bestTrialId, paramOrder, theme, experimentId, drawForecasts, forecasts, objectiveMode, webGlAvailable, envelope, split],
  );
  const empty = figure.data.length === 0;

  return (
    <section className="panel curves">
      <div className="panel__head">
        <h2>Learning curves</h2>
        <div className="panel__controls">
          <label className="inline-field">
            Metric
            <select className="select" value={metric} onChange={(event) => { setChartMetric(experimentId, event.target.value); }}>
              {metricChoices.map((name) => (
                <option key={name} value={name}>
                  {name === objective ? `${name} (objective)` : name}
                </option>
              ))}
            </select>
          </label>
          {hasResource && (
            <label className="inline-field" title="Where each running or frozen trial is heading: the median forecast to resource.max and an 80% band">
              <input type="checkbox" checked={showForecasts} onChange={(event) => { setShowForecasts(event.target.checked); }} />
              Forecasts
            </label>
          )}
          <label className="inline-field">
            <input type="checkbox" checked={logScale} onChange={(event) => { setLogScale(event.target.checked); }} />
            Log scale
          </label>
        </div>
      </div>
      {/* Full height while the metrics load, so the panels below do not jump when the chart comes. */}
      <div className={`curves__chart${empty && metricsLoaded ? ' is-empty' : ''}`} role="img" aria-label="Learning curves">
        {empty ? (
          <p className="curves__empty">
            {!metricsLoaded ? 'Loading metrics…' : trials.length === 0 ? 'No trials yet.' : `No trial has reported ${metric} yet.`}
          </p>
        ) : (
          // Drawn as a preview until Plotly is loaded: the chart a dashboard opens with.
          <PlotlyChart className="curves__plot" data={figure.data} layout={figure.layout} preview />
        )}
      </div>
    </section>
  );
}
