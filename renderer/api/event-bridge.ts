import type { DatabaseInfo } from '../../shared/api';
import { MAX_SEPARATE_CURVES } from '../../shared/curve-envelope';
import type { Experiment, Trial } from '../../shared/domain';
import { isStaleSnapshot } from '../state/experiments-slice';
import { GPU_HISTORY_MS } from '../state/gpus-slice';
import type { AppStore } from '../state/store';
import { heldTrial, isStaleTrialSnapshot } from '../state/trials-slice';
import { selectedExperimentId } from '../state/ui-slice';
import type { ConnectionState, Transport } from './transport';

/**
 * The only writer of server-owned data into the store: pushes from the transport, the lists fetched
 * to fill it, and the records that commands get back. Keeping one writer is what lets the slices
 * reason about freshness (a push always wins, a snapshot only where it is not stale).
 */
export interface EventBridge {
  /** Subscribes to pushes and connection changes and fetches the experiment list. */
  readonly start: () => void;
  readonly stop: () => void;
  readonly loadExperiments: () => Promise<void>;
  /**
   * Fetches trials and metrics of one experiment (on selection, and after a reconnect): the
   * learning-curves summary of the chart's metric, and on a trial page that trial's every curve.
   */
  readonly loadExperimentDetail: (experimentId: number) => Promise<void>;
  /** Fetches the learning-curves summary (metrics/summary) of one metric, the objective's when absent. */
  readonly loadCurveSummary: (experimentId: number, metric?: string) => Promise<void>;
  /** The summary again soon (at most one fetch per SUMMARY_REFRESH_MS): it no longer fits what is held. */
  readonly refreshCurveSummary: (experimentId: number, metric: string) => void;
  /** Fetches every curve of one trial (the trial page), unless held. */
  readonly loadTrialMetrics: (experimentId: number, trialId: number) => Promise<void>;
  /** Fetches the GPU status; after that, it is fetched again on every reconnect. */
  readonly loadGpus: () => Promise<void>;
  /** Fetches the learning-curve forecasts of an experiment that has a resource (its curves' bands). */
  readonly loadForecasts: (experimentId: number) => Promise<void>;
  readonly acceptExperiment: (experiment: Experiment) => void;
  readonly acceptTrial: (trial: Trial) => void;
  readonly acceptDeletion: (experimentId: number) => void;
  /** A `databases/open` reply: the same as its push, whichever arrives first. */
  readonly acceptDatabase: (database: DatabaseInfo) => void;
}

/**
 * The GPU chart's span of samples; a minute would do to judge which pushed ones are newer (see
 * gpus-slice), the chart wants more.
 */
const GPU_SAMPLES_WINDOW_MS = GPU_HISTORY_MS;

/**
 * Forecasts are refit from whole curves on the back end, so while metrics stream they are fetched
 * again at most this often, for the experiment on screen only.
 */
export const FORECAST_REFRESH_MS = 3000;

/** How long start-up waits for the push channel before fetching the open experiment without it. */
export const STARTUP_CONNECT_WAIT_MS = 2000;

/** A summary that no longer fits the curves held is fetched again after this long, once. */
export const SUMMARY_REFRESH_MS = 1000;

export interface EventBridgeOptions {
  /**
   * How many curves the learning-curves chart draws on their own (separateCurveLimit), asked of
   * metrics/summary so the summary is what the chart would draw from every curve.
   */
  readonly curveLimit?: () => number;
}

export function createEventBridge(transport: Transport, store: AppStore, options: EventBridgeOptions = {}): EventBridge {
  const curveLimit = options.curveLimit ?? (() => MAX_SEPARATE_CURVES);
  const server = () => store.getState().server;
  const notify = (message: string) => { store.getState().uiActions.notify(message); };
  let unsubscribers: (() => void)[] = [];
  let gpusWanted = false;
  let forecastTimer: ReturnType<typeof setTimeout> | undefined;
  let startupTimer: ReturnType<typeof setTimeout> | undefined;
  /** Per experiment, the last summary asked for: an older reply that comes later is dropped. */
  const summaryRequests = new Map<number, number>();
  let summaryRequestCount = 0;
  const summaryTimers = new Map<number, ReturnType<typeof setTimeout>>();
  const trialMetricsInFlight = new Set<number>();

  async function loadExperiments(): Promise<void> {
    const reply = await transport.invoke('experiments/list', {});
    if (reply.ok) server().experimentsListed(reply.value);
    else server().experimentsListFailed(reply.error.message);
  }

  async function loadExperimentDetail(experimentId: number): Promise<void> {
    // Both asked at once; the trials (small) are stored as soon as they come, so the table shows
    // while a large experiment's metric points are still on their way.
    // Asked first too: the server answers in turn, and the points take it a while.
    // Not every point: what the learning-curves chart draws (metrics/summary); the trial page
    // fetches its trial's curves, the chart another metric's summary, when they are wanted.
    const pendingTrials = transport.invoke('trials/list', { experimentId });
    const pendingSummary = requestSummary(experimentId, store.getState().ui.chartMetric[experimentId]);
    const view = store.getState().ui.view;
    const pendingTrialMetrics = view.kind === 'trial' && view.experimentId === experimentId ? loadTrialMetrics(experimentId, view.trialId, true) : Promise.resolve();
    const trials = await pendingTrials;
    // Trials first: metric points are kept or dropped by the experiment their trial belongs to.
    if (trials.ok) server().trialsListed(experimentId, trials.value);
    else notify(`Could not load the trials: ${trials.error.message}`);
    await pendingSummary.then(acceptSummary);
    await pendingTrialMetrics;
    await loadForecasts(experimentId);
  }

  type SummaryReply = Awaited<ReturnType<typeof transport.invoke<'metrics/summary'>>>;

  function requestSummary(experimentId: number, metric: string | undefined): Promise<{ experimentId: number; request: number; reply: SummaryReply }> {
    summaryRequestCount += 1;
    const request = summaryRequestCount;
    summaryRequests.set(experimentId, request);
    const args = { experimentId, maxSeparate: curveLimit(), ...(metric === undefined ? {} : { name: metric }) };
    return transport.invoke('metrics/summary', args).then((reply) => ({ experimentId, request, reply }));
  }

  function acceptSummary({ experimentId, request, reply }: { experimentId: number; request: number; reply: SummaryReply }): void {
    // A later request (another metric, a refresh) is answered later: this one is outdated.
    if (summaryRequests.get(experimentId) !== request) return;
    if (reply.ok) server().summaryListed(experimentId, reply.value);
    else notify(`Could not load the metrics: ${reply.error.message}`);
  }

  async function loadCurveSummary(experimentId: number, metric?: string): Promise<void> {
    // A refresh still waiting (of the metric shown before, perhaps) would answer after this one.
    clearTimeout(summaryTimers.get(experimentId));
    summaryTimers.delete(experimentId);
    acceptSummary(await requestSummary(experimentId, metric));
  }

  function refreshCurveSummary(experimentId: number, metric: string): void {
    if (summaryTimers.has(experimentId)) return;
    summaryTimers.set(
      experimentId,
      setTimeout(() => {
        summaryTimers.delete(experimentId);
        void requestSummary(experimentId, metric).then(acceptSummary);
      }, SUMMARY_REFRESH_MS),
    );
  }

  async function loadTrialMetrics(experimentId: number, trialId: number, force = false): Promise<void> {
    if (trialMetricsInFlight.has(trialId) || (!force && store.getState().metrics.fullTrials[trialId] === true)) return;
    trialMetricsInFlight.add(trialId);
    try {
      const reply = await transport.invoke('metrics/series', { experimentId, trialIds: [trialId] });
      if (reply.ok) server().trialSeriesListed([trialId], reply.value);
      else notify(`Could not load the trial's metrics: ${reply.error.message}`);
    } finally {
      trialMetricsInFlight.delete(trialId);
    }
  }

  async function loadForecasts(experimentId: number): Promise<void> {
    if (store.getState().experiments.byId[experimentId]?.spec.resource === undefined) return;
    const reply = await transport.invoke('trials/forecasts', { experimentId });
    // A failed refresh keeps the last bands: they are a guide, and the next metrics retry.
    if (reply.ok) server().forecastsListed(experimentId, reply.value);
  }

  /** After new points or trial changes (a freeze, an end) of the experiment on screen: refetch soon. */
  function scheduleForecasts(trialIds: readonly number[]): void {
    const selected = selectedExperimentId(store.getState().ui);
    if (selected === null || forecastTimer !== undefined) return;
    const experimentOf = store.getState().trials.experimentOf;
    if (!trialIds.some((trialId) => experimentOf[trialId] === selected)) return;
    forecastTimer = setTimeout(() => {
      forecastTimer = undefined;
      void loadForecasts(selected);
    }, FORECAST_REFRESH_MS);
  }

  async function loadGpus(): Promise<void> {
    gpusWanted = true;
    // sinceMs is on the server's clock; a skewed browser clock only widens or narrows the window.
    const reply = await transport.invoke('gpus/status', { sinceMs: Math.max(0, Date.now() - GPU_SAMPLES_WINDOW_MS) });
    if (reply.ok) server().gpusListed(reply.value.status, reply.value.samples);
    else server().gpusListFailed(reply.error.message);
  }

  async function loadDatabase(): Promise<void> {
    const reply = await transport.invoke('databases/current', {});
    // A database switched while we were away (a reconnect) is a switch all the same.
    if (reply.ok) acceptDatabase(reply.value);
  }

  function acceptDatabase(database: DatabaseInfo): void {
    const held = store.getState().database;
    if (held === null) server().databaseListed(database);
    else if (held.file !== database.file) {
      server().databaseOpened(database);
      void loadExperiments();
      if (gpusWanted) void loadGpus();
    }
  }

  function refetchAfterConnect(): void {
    // Pushes sent while we were away are gone; fetch what they would have told us.
    void loadDatabase();
    void loadExperiments();
    const selected = selectedExperimentId(store.getState().ui);
    if (selected !== null) void loadExperimentDetail(selected);
    if (gpusWanted) void loadGpus();
  }

  function onConnection(state: ConnectionState): void {
    server().connectionChanged(state);
    // Also on the first connect: the list fetched at start may predate the push channel.
    if (state === 'connected') refetchAfterConnect();
  }

  return {
    start() {
      unsubscribers = [
        transport.on('experiments/updated', (list) => { server().experimentsUpdated(list); }),
        transport.on('trials/updated', (list) => {
          server().trialsUpdated(list);
          scheduleForecasts(list.map((trial) => trial.id));
        }),
        transport.on('metrics/appended', (points) => {
          server().metricsAppended(points);
          scheduleForecasts(points.map((point) => point.trialId));
        }),
        transport.on('gpus/sampled', (samples) => { server().gpusSampled(samples); }),
        transport.on('experiments/deleted', (ids) => { server().experimentsDeleted(ids); }),
        transport.on('database/opened', (list) => { for (const database of list) acceptDatabase(database); }),
        transport.onConnectionChange(onConnection),
      ];
      server().connectionChanged(transport.connection());
      void loadDatabase();
      void loadExperiments();
      const selected = selectedExperimentId(store.getState().ui);
      if (selected === null) return;
      // While the push channel is still connecting, its first 'connected' fetches the open
      // experiment anyway (refetchAfterConnect): fetching now as well would move every metric
      // point twice, seconds of a large experiment's start-up. Unless it takes too long.
      if (transport.connection() === 'connected') void loadExperimentDetail(selected);
      else {
        startupTimer = setTimeout(() => {
          if (transport.connection() !== 'connected') void loadExperimentDetail(selected);
        }, STARTUP_CONNECT_WAIT_MS);
      }
    },
    stop() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      unsubscribers = [];
      clearTimeout(forecastTimer);
      forecastTimer = undefined;
      clearTimeout(startupTimer);
      for (const timer of summaryTimers.values()) clearTimeout(timer);
      summaryTimers.clear();
    },
    loadExperiments,
    loadExperimentDetail,
    loadCurveSummary,
    refreshCurveSummary,
    loadTrialMetrics: (experimentId, trialId) => loadTrialMetrics(experimentId, trialId),
    loadGpus,
    loadForecasts,
    // A command's reply is a snapshot taken when the call was answered, and it travels on another
    // connection than the pushes: a push sent later (a stopped trial's exit) can arrive first.
    acceptExperiment: (experiment) => {
      const held = store.getState().experiments.byId[experiment.id];
      if (held === undefined || !isStaleSnapshot(experiment, held)) server().experimentsUpdated([experiment]);
    },
    acceptTrial: (trial) => {
      const held = heldTrial(store.getState().trials, trial.id);
      if (held === undefined || !isStaleTrialSnapshot(trial, held)) server().trialsUpdated([trial]);
    },
    acceptDeletion: (experimentId) => { server().experimentsDeleted([experimentId]); },
    acceptDatabase,
  };
}
