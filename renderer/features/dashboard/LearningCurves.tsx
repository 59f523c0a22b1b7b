import { useEffect, useMemo, useState } from 'react';
import type { Experiment } from '../../../shared/domain';
import { isLiveCurve } from '../../../shared/curve-envelope';
import { buildLearningCurves, HIGHLIGHTED_CURVES, separateCurveLimit, type CurveEntry, type CurveTrial } from '../../charts/learning-curves-figure';
import { ENVELOPE_SLACK, useCurveEnvelope } from '../../charts/use-curve-envelope';
import { useCurveSplit } from '../../charts/use-curve-split';
import { PlotlyChart } from '../../charts/PlotlyChart';
import { useStableValue } from '../../lib/use-stable-value';
import { useThrottledValue } from '../../lib/use-throttled-value';
import { useChartTheme } from '../../charts/use-chart-theme';
import { canUseWebGlTraces } from '../../charts/webgl-support';
import type { HeldCurveSummary, MetricSeries } from '../../state/metrics-slice';
import {
  useChartMetric,
  useCommands,
  useCurveSeries,
  useCurveSummary,
  useForecasts,
  useLogScale,
  useMetricNames,
  useMetricsLoaded,
  useTrials,
  useUiActions,
} from '../../state/hooks';

/** While metrics stream, the learning curves are redrawn at most this often. */
export const CURVES_REDRAW_MS = 750;

/** One line per trial of the chosen metric against step; the objective's metric by default. */
export function LearningCurves({ experiment }: { readonly experiment: Experiment }) {
  const experimentId = experiment.id;
  const objective = experiment.spec.objective.metric;
  const liveTrials = useTrials(experimentId);
  const names = useMetricNames(experimentId);
  const metric = useChartMetric(experimentId) ?? objective;
  const liveSeries = useCurveSeries(experimentId, metric);
  const metricsLoaded = useMetricsLoaded(experimentId);
  const summary = useCurveSummary(experimentId);
  // While trials stream, Plotly.react of this chart is the longest task of a frame (40-110 ms on a
  // busy machine): pushed points are drawn in batches, at most one redraw per CURVES_REDRAW_MS.
  // What the user changes (metric, scale, forecasts), the first data and a fetched summary draw at once.
  const { trials, series } = useThrottledValue(
    useMemo(() => ({ trials: liveTrials, series: liveSeries }), [liveTrials, liveSeries]),
    `${experimentId}:${metric}:${liveTrials.length === 0 ? 'none' : 'some'}:${metricsLoaded ? 'loaded' : 'loading'}:${summaryGeneration(summary)}`,
    CURVES_REDRAW_MS,
  );
  const logScale = useLogScale();
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
  const curveLimit = separateCurveLimit(webGlAvailable);
  // The summary held is of another metric (or limit): the one of this metric is asked for, and
  // the chart waits for it rather than draw the few curves of this metric that pushes brought.
  const summaryPending = summary !== undefined && (summary.metric !== metric || summary.maxSeparate !== curveLimit);
  const folded = summary !== undefined && !summaryPending && summary.summarised.size > 0 ? summary : null;
  const held = useHeldCurves(trials, series, folded);
  const split = useCurveSplit({
    trials: held.trials,
    series: held.series,
    bestTrialId,
    webGlAvailable,
    objectiveMode,
    // Beside a summary the curves held are the live ones, those drawn on their own when it was
    // made and those finished since: the latter join the envelope (counted, not drawn) unless
    // they are among the best few, as they would with every curve held.
    ...(folded === null ? {} : { maxSeparate: Math.min(curveLimit, held.live + HIGHLIGHTED_CURVES) }),
  });
  const computedEnvelope = useCurveEnvelope(folded === null ? split.rest : NO_CURVES);
  const envelope = useMemo(
    () => (folded === null ? computedEnvelope : folded.envelope === null ? null : { ...folded.envelope, curves: folded.summarised.size + split.rest.length }),
    [folded, computedEnvelope, split.rest.length],
  );
  const { loadCurveSummary } = useCommands();
  // Finished curves beyond the slack outside the summary, or a summarised trial running again
  // (thawed: its curve is no longer whole here): the summary no longer fits what is drawn.
  const finishedSince = folded === null ? 0 : split.rest.reduce((count, curve) => count + (isLiveCurve(curve.trial) ? 0 : 1), 0);
  const outdated = folded !== null && (finishedSince > Math.max(1, ENVELOPE_SLACK * folded.summarised.size) || held.revived);
  // Again for each summary held (`folded`): one fetched meanwhile may not fit either.
  useEffect(() => {
    if (summaryPending) loadCurveSummary(experimentId, metric, 'now');
    else if (outdated) loadCurveSummary(experimentId, metric, 'soon');
  }, [summaryPending, outdated, folded, loadCurveSummary, experimentId, metric]);

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
        ...(folded === null ? {} : { trials: held.trials, series: held.series }),
      }),
    [trials, series, metric, logScale, bestTrialId, paramOrder, theme, experimentId, drawForecasts, forecasts, objectiveMode, webGlAvailable, envelope, split, folded, held],
  );
  const empty = figure.data.length === 0 || summaryPending;

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
            {!metricsLoaded || summaryPending ? 'Loading metrics…' : trials.length === 0 ? 'No trials yet.' : `No trial has reported ${metric} yet.`}
          </p>
        ) : (
          // Drawn as a preview until Plotly is loaded: the chart a dashboard opens with.
          <PlotlyChart className="curves__plot" data={figure.data} layout={figure.layout} preview />
        )}
      </div>
    </section>
  );
}

const NO_CURVES: readonly CurveEntry[] = [];

const generations = new WeakMap<HeldCurveSummary, number>();
let lastGeneration = 0;

/** A number per summary object held, for telling a newly fetched one apart in a string key. */
function summaryGeneration(summary: HeldCurveSummary | undefined): number {
  if (summary === undefined) return 0;
  let generation = generations.get(summary);
  if (generation === undefined) {
    lastGeneration += 1;
    generation = lastGeneration;
    generations.set(summary, generation);
  }
  return generation;
}

interface HeldCurves {
  readonly trials: readonly CurveTrial[];
  readonly series: readonly (MetricSeries | undefined)[];
  /** How many of them are live. */
  readonly live: number;
  /** Whether a summarised trial is live again. */
  readonly revived: boolean;
}

/**
 * The trials whose curves are held (not folded into the summary's envelope), each with its series;
 * all of them without a summary. A pass over the trials, kept while neither list changes.
 */
function useHeldCurves(trials: readonly CurveTrial[], series: readonly (MetricSeries | undefined)[], summary: HeldCurveSummary | null): HeldCurves {
  return useMemo(() => {
    let live = 0;
    if (summary === null) {
      for (let index = 0; index < trials.length; index += 1) if (series[index] !== undefined && isLiveCurve(trials[index]!)) live += 1;
      return { trials, series, live, revived: false };
    }
    const heldTrials: CurveTrial[] = [];
    const heldSeries: (MetricSeries | undefined)[] = [];
    let revived = false;
    trials.forEach((trial, index) => {
      const isLive = isLiveCurve(trial);
      if (summary.summarised.has(trial.id)) {
        revived ||= isLive;
        return;
      }
      const curve = series[index];
      if (curve === undefined) return;
      if (isLive) live += 1;
      heldTrials.push(trial);
      heldSeries.push(curve);
    });
    return { trials: heldTrials, series: heldSeries, live, revived };
  }, [trials, series, summary]);
}
