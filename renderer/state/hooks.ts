import { useContext, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { DesktopBridge } from '../../shared/desktop';
import type { Experiment, Trial } from '../../shared/domain';
import type { Commands } from '../api/commands';
import type { ConnectionState, TransportKind } from '../api/transport';
import type { DatabaseInfo, TrialForecast } from '../../shared/api';
import { forecastsOf } from './forecasts-slice';
import type { GpusData } from './gpus-slice';
import { metricNamesOf, type HeldCurveSummary, type MetricSeries, type MetricsData } from './metrics-slice';
import { AppServicesContext, type AppServices } from './services-context';
import type { AppState, UiActions } from './store';
import { heldTrial } from './trials-slice';
import { selectedExperimentId, type DraftNotes, type ExperimentDraft, type Notice, type View } from './ui-slice';

/**
 * The only place components read the store. Each hook selects as little as it can (ids, one record,
 * the series of one chart), so a metric tick re-renders the chart and nothing else.
 */

const NO_TRIALS: readonly Trial[] = [];

function useServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (services === null) throw new Error('AppServicesContext is missing: render the app through main.tsx');
  return services;
}

function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useServices().store, selector);
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}

/**
 * The list a component derived last time when the new one holds the same items, so memos and
 * charts downstream keep their inputs. Derived lists of a large experiment are built in a memo
 * keyed on what they come from, not in a store selector: a selector runs on every change to the
 * store (each push, each UI change), and mapping ten thousand trials there was a cost paid several
 * times a second while a sweep streamed.
 */
function useSameItems<T>(list: readonly T[]): readonly T[] {
  const held = useRef(list);
  if (held.current !== list && !sameItems(held.current, list)) held.current = list;
  return held.current;
}

function useMetricsByTrial(): MetricsData['byTrial'] {
  return useAppState((state) => state.metrics.byTrial);
}

export function useCommands(): Commands {
  return useServices().commands;
}

export function useTransportKind(): TransportKind {
  return useServices().transportKind;
}

export function useUiActions(): UiActions {
  return useAppState((state) => state.uiActions);
}

export function useView(): View {
  return useAppState((state) => state.ui.view);
}

export function useSelectedExperimentId(): number | null {
  return useAppState((state) => selectedExperimentId(state.ui));
}

export function useConnection(): ConnectionState {
  return useAppState((state) => state.ui.connection);
}

export function useNotices(): readonly Notice[] {
  return useAppState((state) => state.ui.notices);
}

/** Experiment ids, newest first; stable while no experiment is added or removed. */
export function useExperimentIds(): readonly number[] {
  return useAppState((state) => state.experiments.order);
}

/**
 * The ids `pick` chooses and orders from all experiments (search and sort in the list). Re-renders
 * only when the picked ids change, not on every push about an experiment.
 */
export function usePickedExperimentIds(pick: (experiments: readonly Experiment[]) => readonly number[]): readonly number[] {
  return useAppState(useShallow((state) => pick(Object.values(state.experiments.byId))));
}

export function useExperimentsStatus(): { loaded: boolean; loadError: string | null } {
  return useAppState(useShallow((state) => ({ loaded: state.experiments.loaded, loadError: state.experiments.loadError })));
}

export function useExperiment(experimentId: number): Experiment | undefined {
  return useAppState((state) => state.experiments.byId[experimentId]);
}

export function useTrials(experimentId: number): readonly Trial[] {
  return useAppState((state) => state.trials.byExperiment[experimentId] ?? NO_TRIALS);
}

/**
 * Completed trials with a final result (not stopped early by a policy), what the analysis plots
 * are drawn from. Stable while none of them changes, so the steps of running trials do not redraw
 * the analysis.
 */
export function useCompletedTrials(experimentId: number): readonly Trial[] {
  const trials = useTrials(experimentId);
  return useSameItems(useMemo(() => trials.filter((trial) => trial.state === 'completed' && !trial.stoppedEarly && trial.value !== null), [trials]));
}

export function useTrialsLoaded(experimentId: number): boolean {
  return useAppState((state) => state.trials.loaded[experimentId] === true);
}

export function useTrial(trialId: number | null): Trial | undefined {
  return useAppState((state) => (trialId === null ? undefined : heldTrial(state.trials, trialId)));
}

export function useSelectedTrialId(): number | null {
  return useAppState((state) => state.ui.selectedTrialId);
}

/** Every metric name any trial of the experiment has reported, sorted. */
export function useMetricNames(experimentId: number): readonly string[] {
  const trials = useTrials(experimentId);
  const byTrial = useMetricsByTrial();
  // The curves held are some trials' of one metric where a summary stands in for the rest; the
  // summary names every metric reported.
  const summaryNames = useAppState((state) => state.metrics.summaries[experimentId]?.names ?? NO_NAMES);
  return useSameItems(
    useMemo(() => {
      const held = metricNamesOf({ byTrial }, trials.map((trial) => trial.id));
      return summaryNames.length === 0 ? held : [...new Set([...held, ...summaryNames])].sort();
    }, [trials, byTrial, summaryNames]),
  );
}

const NO_NAMES: readonly string[] = [];

/** The learning-curves summary held for the experiment (metrics/summary), if one is. */
export function useCurveSummary(experimentId: number): HeldCurveSummary | undefined {
  return useAppState((state) => state.metrics.summaries[experimentId]);
}

/** Whether every curve of the trial is held (its experiment's, or its own, fetched). */
export function useTrialMetricsLoaded(experimentId: number, trialId: number): boolean {
  return useAppState((state) => state.metrics.fullTrials[trialId] === true || (state.metrics.loadedExperiments[experimentId] === true && state.metrics.summaries[experimentId] === undefined));
}

export function useMetricsLoaded(experimentId: number): boolean {
  return useAppState((state) => state.metrics.loadedExperiments[experimentId] === true);
}

/** One series per trial of the experiment (same order as useTrials), undefined where none. */
export function useCurveSeries(experimentId: number, metric: string): readonly (MetricSeries | undefined)[] {
  const trials = useTrials(experimentId);
  const byTrial = useMetricsByTrial();
  return useSameItems(useMemo(() => trials.map((trial) => byTrial[trial.id]?.[metric]), [trials, byTrial, metric]));
}

/** The experiment's learning-curve forecasts as last fetched (empty until then, and without a resource). */
export function useForecasts(experimentId: number): readonly TrialForecast[] {
  return useAppState((state) => forecastsOf(state.forecasts, experimentId));
}

const NO_SERIES: Readonly<Record<string, MetricSeries>> = {};

/** Every metric series of one trial, by name; a new object only when one of its curves moved. */
export function useTrialMetrics(trialId: number): Readonly<Record<string, MetricSeries>> {
  return useAppState((state) => state.metrics.byTrial[trialId] ?? NO_SERIES);
}

export function useChartMetric(experimentId: number): string | undefined {
  return useAppState((state) => state.ui.chartMetric[experimentId]);
}

export function useLogScale(): boolean {
  return useAppState((state) => state.ui.logScale);
}

export function useDraft(): ExperimentDraft {
  return useAppState((state) => state.ui.draft);
}

/** The draft's YAML alone: the editor's form re-renders on text edits, not on folder edits. */
export function useDraftYaml(): string {
  return useAppState((state) => state.ui.draft.yaml);
}

export function useMetricSample(): string {
  return useAppState((state) => state.ui.metricSample);
}

export function useExamplesRequested(): boolean {
  return useAppState((state) => state.ui.examplesRequested);
}

export function useImportRequested(): boolean {
  return useAppState((state) => state.ui.importRequested);
}

/** The desktop app's native dialogs; null in a browser, where the UI offers a text field or a download instead. */
export function useDesktop(): DesktopBridge | null {
  return useServices().desktop;
}

/** The GPU status and newest samples; changes every few seconds while trials run on GPUs. */
export function useGpus(): GpusData {
  return useAppState((state) => state.gpus);
}

export function useDraftNotes(): DraftNotes | null {
  return useAppState((state) => state.ui.draftNotes);
}

export function useExperimentNotes(experimentId: number): DraftNotes | undefined {
  return useAppState((state) => state.ui.experimentNotes[experimentId]);
}

/** The database file the back end has open; null until known. */
export function useDatabase(): DatabaseInfo | null {
  return useAppState((state) => state.database);
}

/** The desktop app's native file picker for a database file, or undefined (a browser types the path). */
export function useDatabasePicker(): (() => Promise<string | null>) | undefined {
  const { desktop } = useServices();
  return useMemo(() => {
    if (desktop === null) return undefined;
    return async () => {
      const picked = await desktop.openDatabaseFile();
      // A refused call reads as cancelled here; main has already said why in its reply.
      return picked.ok ? picked.value : null;
    };
  }, [desktop]);
}
