import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Experiment, Trial } from '../../../shared/domain';
import { paramAxes, scoredTrials, type ParamAxis, type ScoredTrial } from '../../charts/analysis-data';
import type { ChartTheme } from '../../charts/chart-theme';
import { buildContour } from '../../charts/contour-figure';
import type { Figure } from '../../charts/learning-curves-figure';
import { loadPlotly } from '../../charts/load-plotly';
import { buildOptimizationHistory } from '../../charts/optimization-history-figure';
import { buildParallelCoordinates } from '../../charts/parallel-coordinates-figure';
import { IMPORTANCE_METHOD, parameterImportance, type ParamImportance } from '../../charts/param-importance';
import { buildParamImportance } from '../../charts/param-importance-figure';
import { PlotlyChart } from '../../charts/PlotlyChart';
import { buildSlices, SLICE_COLUMNS } from '../../charts/slice-figure';
import { useChartTheme } from '../../charts/use-chart-theme';
import { canUseWebGlTraces } from '../../charts/webgl-support';
import { useHeldWhile, useInView, useReadyAfterIdle } from '../../lib/use-in-view';
import { useStableValue } from '../../lib/use-stable-value';
import { useCompletedTrials, useMetricsLoaded } from '../../state/hooks';
import { ANALYSIS_PLOT_NAMES, ANALYSIS_TAB_LABELS, ANALYSIS_TABS, defaultPair, neighbourTab, SLICE_ROW_HEIGHT, type AnalysisTab } from './analysis-tabs';

const NO_IMPORTANCES: readonly ParamImportance[] = [];
const NO_TRIALS: readonly Trial[] = [];

/**
 * Optimisation history, parallel coordinates, parameter importance, slices and a 2-D contour, one
 * tab at a time (only the open tab's figure is built and drawn). All from completed trials, less
 * those a policy stopped early.
 *
 * Built and drawn only while the panel is on screen, and not before the learning curves have their
 * data and the page has been idle once: it sits below the curves and the table, so a dashboard opens
 * without building a figure over every completed trial (or loading Plotly for it) in its first
 * frames, and while a sweep streams, each trial that completes does not rebuild and redraw a figure
 * nobody sees. Out of view it keeps the trials it last drew; back in view it catches up.
 */
/** Starts Plotly's download; a failure is the chart's to show when it asks for it. */
function startPlotly(): void {
  void loadPlotly().catch(() => undefined);
}

export function Analysis({ experiment }: { readonly experiment: Experiment }) {
  const section = useRef<HTMLElement>(null);
  // After the learning curves have their data and the page has had an idle moment: the table and
  // the curves are what a dashboard opens with.
  const settled = useReadyAfterIdle(useMetricsLoaded(experiment.id));
  const inView = useInView(section) && settled;
  const live = useCompletedTrials(experiment.id);
  // Null until the panel first comes into view: nothing is built for it before then.
  const shown = useHeldWhile(inView ? live : null, !inView);
  const completed = shown ?? NO_TRIALS;
  const theme = useChartTheme();
  const [tab, setTab] = useState<AnalysisTab>('history');
  const [logScale, setLogScale] = useState(false);
  const [picked, setPicked] = useState<readonly [string | null, string | null]>([null, null]);
  const tabRefs = useRef(new Map<AnalysisTab, HTMLButtonElement>());
  const baseId = useId();
  const { metric } = experiment.spec.objective;
  const space = useStableValue(experiment.spec.space);
  const axes = useMemo(() => paramAxes(space), [space]);
  const trials = useMemo(() => scoredTrials(completed), [completed]);
  // Only the tabs that show it need it: over 10,000 trials it takes a frame's worth of time, and
  // every trial that completes would pay it again.
  const needsImportance = tab === 'importance' || tab === 'contour';
  const importances = useMemo(() => (needsImportance ? parameterImportance(trials, axes) : NO_IMPORTANCES), [needsImportance, trials, axes]);
  const byImportance = useMemo(
    () => importances.filter((entry) => entry.importance !== null).sort((a, b) => (b.importance ?? 0) - (a.importance ?? 0)).map((entry) => entry.name),
    [importances],
  );
  const pair = defaultPair(axes.map((axis) => axis.name), byImportance, picked);

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    const next = neighbourTab(tab, event.key);
    if (next === null) return;
    event.preventDefault();
    setTab(next);
    tabRefs.current.get(next)?.focus();
  }

  const panelId = `${baseId}-panel`;
  return (
    <section ref={section} className="panel analysis" aria-labelledby={`${baseId}-title`}>
      <div className="panel__head">
        <h2 id={`${baseId}-title`}>Analysis</h2>
        {/* A pointer on its way to a tab starts Plotly's download (the dashboard defers it), so the tab draws sooner. */}
        <div className="analysis__tabs" role="tablist" aria-label="Analysis views" onPointerEnter={startPlotly} onFocus={startPlotly}>
          {ANALYSIS_TABS.map((name) => (
            <button
              key={name}
              ref={(node) => { if (node === null) tabRefs.current.delete(name); else tabRefs.current.set(name, node); }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${name}`}
              aria-selected={tab === name}
              aria-controls={panelId}
              tabIndex={tab === name ? 0 : -1}
              className={`analysis__tab${tab === name ? ' is-active' : ''}`}
              onClick={() => { setTab(name); }}
              onKeyDown={onTabKey}
            >
              {ANALYSIS_TAB_LABELS[name]}
            </button>
          ))}
        </div>
        <div className="panel__controls">
          {tab === 'contour' && pair !== null && (
            <>
              <ParamSelect label="X parameter" value={pair[0]} axes={axes} onChange={(name) => { setPicked([name, pair[1] === name ? pair[0] : pair[1]]); }} />
              <ParamSelect label="Y parameter" value={pair[1]} axes={axes} onChange={(name) => { setPicked([pair[0] === name ? pair[1] : pair[0], name]); }} />
            </>
          )}
          {(tab === 'history' || tab === 'slices' || tab === 'parallel') && (
            <label className="inline-field">
              <input type="checkbox" checked={logScale} onChange={(event) => { setLogScale(event.target.checked); }} />
              Log {metric}
            </label>
          )}
        </div>
      </div>
      <div id={panelId} role="tabpanel" aria-labelledby={`${baseId}-tab-${tab}`} className="analysis__body">
        {shown === null ? (
          // Holds the plot's place, so the page does not grow when the panel scrolls into view.
          <div className="analysis__chart" aria-hidden="true" />
        ) : trials.length === 0 ? (
          <p className="analysis__empty">No trial has run to the end yet: the analysis appears as trials finish (trials stopped early are left out).</p>
        ) : (
          <AnalysisPlot
            tab={tab}
            trials={trials}
            axes={axes}
            importances={importances}
            pairX={pair?.[0] ?? null}
            pairY={pair?.[1] ?? null}
            experiment={experiment}
            logScale={logScale}
            theme={theme}
          />
        )}
        {tab === 'importance' && (
          <p className="analysis__note">
            Importance: {IMPORTANCE_METHOD}. Each parameter on its own, from {trials.length} completed trial{trials.length === 1 ? '' : 's'}; interactions
            are not counted, and it describes the ranges tried, not beyond.
          </p>
        )}
        {tab === 'contour' && pair !== null && trials.length > 0 && (
          <p className="analysis__note">Colour between the points is interpolated from the trials (inverse-distance weighting), not predicted by a model.</p>
        )}
      </div>
    </section>
  );
}

function ParamSelect({ label, value, axes, onChange }: { label: string; value: string; axes: readonly ParamAxis[]; onChange: (name: string) => void }) {
  return (
    <label className="inline-field">
      {label}
      <select className="select" value={value} onChange={(event) => { onChange(event.target.value); }}>
        {axes.map((axis) => (
          <option key={axis.name} value={axis.name}>
            {axis.name}
          </option>
        ))}
      </select>
    </label>
  );
}

interface AnalysisPlotProps {
  readonly tab: AnalysisTab;
  readonly trials: readonly ScoredTrial[];
  readonly axes: readonly ParamAxis[];
  readonly importances: readonly ParamImportance[];
  /** The contour's pair, as names: strings keep the figure's memo from rebuilding on every render. */
  readonly pairX: string | null;
  readonly pairY: string | null;
  readonly experiment: Experiment;
  readonly logScale: boolean;
  readonly theme: ChartTheme;
}

function AnalysisPlot({ tab, trials, axes, importances, pairX, pairY, experiment, logScale, theme }: AnalysisPlotProps) {
  const { metric, mode } = experiment.spec.objective;
  const bestTrialId = experiment.best?.trialId ?? null;
  const figure = useMemo((): Figure | null => {
    const revision = `${experiment.id}:${tab}:${logScale ? 'log' : 'linear'}:${pairX ?? ''},${pairY ?? ''}`;
    const paramOrder = axes.map((axis) => axis.name);
    const webGlAvailable = canUseWebGlTraces();
    switch (tab) {
      case 'history':
        return buildOptimizationHistory({ trials, metric, mode, logScale, paramOrder, theme, revision, webGlAvailable });
      case 'parallel':
        return buildParallelCoordinates({ trials, axes, metric, mode, logScale, bestTrialId, theme, revision });
      case 'importance':
        return buildParamImportance({ importances, theme, revision });
      case 'slices':
        return buildSlices({ trials, axes, metric, mode, logScale, bestTrialId, theme, revision, webGlAvailable });
      case 'contour': {
        const x = axes.find((axis) => axis.name === pairX);
        const y = axes.find((axis) => axis.name === pairY);
        return x === undefined || y === undefined ? null : buildContour({ trials, x, y, metric, mode, bestTrialId, theme, revision });
      }
    }
  }, [tab, trials, axes, importances, pairX, pairY, metric, mode, logScale, bestTrialId, theme, experiment.id]);

  if (figure === null) return <p className="analysis__empty">A contour needs two parameters that vary; this space has fewer.</p>;
  const sliceRows = Math.ceil(axes.length / SLICE_COLUMNS);
  const style = tab === 'slices' && sliceRows > 1 ? { height: sliceRows * SLICE_ROW_HEIGHT } : undefined;
  return (
    <div className="analysis__chart" role="img" aria-label={ANALYSIS_PLOT_NAMES[tab]} style={style}>
      <PlotlyChart className="analysis__plot" data={figure.data} layout={figure.layout} />
    </div>
  );
}
