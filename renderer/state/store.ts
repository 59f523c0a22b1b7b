import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CurveSummary, DatabaseInfo, StoredSeries, TrialForecast } from '../../shared/api';
import type { Experiment, GpuSample, GpuStatus, MetricPoint, Trial } from '../../shared/domain';
import type { ConnectionState } from '../api/transport';
import {
  emptyExperiments,
  experimentsLoadFailed,
  removeExperiments,
  replaceExperiments,
  upsertExperiments,
  type ExperimentsData,
} from './experiments-slice';
import { emptyForecasts, replaceForecasts, type ForecastsData } from './forecasts-slice';
import { appendGpuSamples, emptyGpus, gpusLoadFailed, loadGpus, type GpusData } from './gpus-slice';
import { appendMetrics, emptyMetrics, loadMetrics, loadSeries, loadSummary, loadTrialSeries, removeMetricsOf, type MetricsData } from './metrics-slice';
import { emptyTrials, removeTrialsOf, replaceTrials, upsertTrials, type TrialsData } from './trials-slice';
import {
  addNotice,
  dismissNotice,
  forgetDatabase,
  forgetExperiments,
  initialUi,
  setExperimentNotes,
  showView,
  type DraftNotes,
  type ExperimentDraft,
  type UiData,
  type View,
} from './ui-slice';

/**
 * Writes of server-owned data. Only the event bridge (renderer/api/event-bridge.ts) calls these;
 * components get `UiActions` through hooks.ts and never see this object.
 */
export interface ServerActions {
  readonly experimentsListed: (list: readonly Experiment[]) => void;
  readonly experimentsListFailed: (message: string) => void;
  readonly experimentsUpdated: (list: readonly Experiment[]) => void;
  /** Deleted experiments go with their trials and metrics; a dashboard showing one goes home. */
  readonly experimentsDeleted: (ids: readonly number[]) => void;
  readonly trialsListed: (experimentId: number, list: readonly Trial[]) => void;
  readonly trialsUpdated: (list: readonly Trial[]) => void;
  readonly metricsListed: (experimentId: number, points: readonly MetricPoint[]) => void;
  readonly seriesListed: (experimentId: number, list: readonly StoredSeries[]) => void;
  /** metrics/series of some trials (every curve of each): see loadTrialSeries. */
  readonly trialSeriesListed: (trialIds: readonly number[], list: readonly StoredSeries[]) => void;
  readonly summaryListed: (experimentId: number, summary: CurveSummary) => void;
  readonly metricsAppended: (points: readonly MetricPoint[]) => void;
  readonly gpusListed: (status: GpuStatus, samples: readonly GpuSample[]) => void;
  readonly gpusListFailed: (message: string) => void;
  readonly gpusSampled: (samples: readonly GpuSample[]) => void;
  readonly forecastsListed: (experimentId: number, list: readonly TrialForecast[]) => void;
  readonly connectionChanged: (state: ConnectionState) => void;
  /** The database file the back end has open, as asked for. */
  readonly databaseListed: (database: DatabaseInfo) => void;
  /**
   * The back end opened another file: what is held belongs to the old one (ids start over), so
   * it is dropped and the view goes home; the event bridge then fetches the new file's lists.
   */
  readonly databaseOpened: (database: DatabaseInfo) => void;
}

/** What components may change: only what the user looks at, never server data. */
export interface UiActions {
  readonly show: (view: View) => void;
  readonly selectTrial: (trialId: number | null) => void;
  readonly setChartMetric: (experimentId: number, metric: string) => void;
  readonly setLogScale: (on: boolean) => void;
  readonly editDraft: (change: Partial<ExperimentDraft>) => void;
  /** A form edit: computed from the newest text, so quick successive edits never undo each other. */
  readonly editDraftYaml: (change: (yaml: string) => string) => void;
  readonly setMetricSample: (text: string) => void;
  /** Notes about the draft (an import's report, a refine's changes); null dismisses them. */
  readonly setDraftNotes: (notes: DraftNotes | null) => void;
  readonly setExperimentNotes: (experimentId: number, notes: DraftNotes | null) => void;
  readonly requestExamples: (requested: boolean) => void;
  readonly requestImport: (requested: boolean) => void;
  readonly notify: (message: string) => void;
  readonly dismissNotice: (id: number) => void;
}

export interface AppState {
  readonly experiments: ExperimentsData;
  readonly trials: TrialsData;
  readonly metrics: MetricsData;
  readonly gpus: GpusData;
  readonly forecasts: ForecastsData;
  /** The back end's database file; null until asked. */
  readonly database: DatabaseInfo | null;
  readonly ui: UiData;
  readonly server: ServerActions;
  readonly uiActions: UiActions;
}

export type AppStore = StoreApi<AppState>;

export function createAppStore(initial?: { readonly ui?: Partial<UiData> }): AppStore {
  return createStore<AppState>()((set) => {
    const updateUi = (change: (ui: UiData) => UiData): void => { set((state) => {
      const ui = change(state.ui);
      return ui === state.ui ? state : { ui };
    }); };
    return {
      experiments: emptyExperiments,
      trials: emptyTrials,
      metrics: emptyMetrics,
      gpus: emptyGpus,
      forecasts: emptyForecasts,
      database: null,
      ui: { ...initialUi, ...initial?.ui },
      server: {
        experimentsListed: (list) => { set((state) => ({ experiments: replaceExperiments(state.experiments, list) })); },
        experimentsListFailed: (message) => { set((state) => ({ experiments: experimentsLoadFailed(state.experiments, message) })); },
        experimentsUpdated: (list) => { set((state) => ({ experiments: upsertExperiments(state.experiments, list) })); },
        experimentsDeleted: (ids) => { set((state) => {
            const { trials, trialIds } = removeTrialsOf(state.trials, ids);
            return {
              experiments: removeExperiments(state.experiments, ids),
              trials,
              metrics: removeMetricsOf(state.metrics, ids, trialIds),
              ui: forgetExperiments(state.ui, ids),
            };
          }); },
        trialsListed: (experimentId, list) => { set((state) => ({ trials: replaceTrials(state.trials, experimentId, list) })); },
        trialsUpdated: (list) => { set((state) => ({ trials: upsertTrials(state.trials, list) })); },
        metricsListed: (experimentId, points) => { set((state) => ({ metrics: loadMetrics(state.metrics, experimentId, points) })); },
        seriesListed: (experimentId, list) => { set((state) => ({ metrics: loadSeries(state.metrics, experimentId, list) })); },
        trialSeriesListed: (trialIds, list) => { set((state) => ({ metrics: loadTrialSeries(state.metrics, trialIds, list) })); },
        summaryListed: (experimentId, summary) => { set((state) => ({ metrics: loadSummary(state.metrics, experimentId, summary) })); },
        metricsAppended: (points) => { set((state) => {
            const metrics = appendMetrics(state.metrics, points, state.trials.experimentOf);
            return metrics === state.metrics ? state : { metrics };
          }); },
        gpusListed: (status, samples) => { set((state) => ({ gpus: loadGpus(state.gpus, status, samples) })); },
        gpusListFailed: (message) => { set((state) => ({ gpus: gpusLoadFailed(state.gpus, message) })); },
        gpusSampled: (samples) => { set((state) => {
            const gpus = appendGpuSamples(state.gpus, samples);
            return gpus === state.gpus ? state : { gpus };
          }); },
        forecastsListed: (experimentId, list) => { set((state) => ({ forecasts: replaceForecasts(state.forecasts, experimentId, list) })); },
        databaseListed: (database) => { set({ database }); },
        databaseOpened: (database) => { set((state) => {
            if (state.database?.file === database.file) return { database };
            return {
              database,
              experiments: emptyExperiments,
              trials: emptyTrials,
              metrics: emptyMetrics,
              forecasts: emptyForecasts,
              ui: forgetDatabase(state.ui),
            };
          }); },
        connectionChanged: (connection) => { updateUi((ui) => (ui.connection === connection ? ui : { ...ui, connection })); },
      },
      uiActions: {
        show: (view) => { updateUi((ui) => showView(ui, view)); },
        selectTrial: (trialId) => { updateUi((ui) => (ui.selectedTrialId === trialId ? ui : { ...ui, selectedTrialId: trialId })); },
        setChartMetric: (experimentId, metric) => { updateUi((ui) => ({ ...ui, chartMetric: { ...ui.chartMetric, [experimentId]: metric } })); },
        setLogScale: (on) => { updateUi((ui) => (ui.logScale === on ? ui : { ...ui, logScale: on })); },
        editDraft: (change) => { updateUi((ui) => ({ ...ui, draft: { ...ui.draft, ...change } })); },
        editDraftYaml: (change) => { updateUi((ui) => {
            const yaml = change(ui.draft.yaml);
            return yaml === ui.draft.yaml ? ui : { ...ui, draft: { ...ui.draft, yaml } };
          }); },
        setDraftNotes: (notes) => { updateUi((ui) => (ui.draftNotes === notes ? ui : { ...ui, draftNotes: notes })); },
        setExperimentNotes: (experimentId, notes) => { updateUi((ui) => setExperimentNotes(ui, experimentId, notes)); },
        setMetricSample: (text) => { updateUi((ui) => (ui.metricSample === text ? ui : { ...ui, metricSample: text })); },
        requestExamples: (requested) => { updateUi((ui) => (ui.examplesRequested === requested ? ui : { ...ui, examplesRequested: requested })); },
        requestImport: (requested) => { updateUi((ui) => (ui.importRequested === requested ? ui : { ...ui, importRequested: requested })); },
        notify: (message) => { updateUi((ui) => addNotice(ui, message)); },
        dismissNotice: (id) => { updateUi((ui) => dismissNotice(ui, id)); },
      },
    };
  });
}
