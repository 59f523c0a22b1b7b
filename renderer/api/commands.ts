import type { ApiReply, ExperimentSource } from '../../shared/api';
import type { ExportFormat } from '../../shared/export-formats';
import { assertNever } from '../../shared/result';
import type { AppStore } from '../state/store';
import type { EventBridge } from './event-bridge';
import type { Transport } from './transport';

/** What a person can do to a whole experiment, one API call each. */
export const EXPERIMENT_CONTROLS = ['start', 'pause', 'freeze', 'resume', 'stop'] as const;
export type ExperimentControl = (typeof EXPERIMENT_CONTROLS)[number];

/** What a person can do to one trial, one API call each. */
export const TRIAL_CONTROLS = ['pause', 'resume', 'freeze', 'thaw', 'stop', 'retry'] as const;
export type TrialControl = (typeof TRIAL_CONTROLS)[number];

/**
 * What components can ask of the back end. Records that come back go through the event bridge,
 * so the store has one writer; failures of fire-and-forget actions become notices.
 */
export interface Commands {
  readonly openExperiment: (experimentId: number) => void;
  /** Shows a trial's page; its experiment's trials and metrics are fetched unless already held. */
  readonly openTrial: (experimentId: number, trialId: number) => void;
  /**
   * The learning-curves summary of this metric (metrics/summary): at once when the chart shows
   * another metric or limit than the one held, `soon` (at most once a second) when the held one no
   * longer fits the curves (trials finished or thawed since).
   */
  readonly loadCurveSummary: (experimentId: number, metric: string, when: 'now' | 'soon') => void;
  readonly validate: (yaml: string) => Promise<ApiReply<'experiments/validate'>>;
  /** On success the new experiment is stored and opened. */
  readonly createExperiment: (source: ExperimentSource, start: boolean) => Promise<ApiReply<'experiments/create'>>;
  /** Resolves once the call is answered; a refusal (e.g. pausing on Windows) becomes a notice. */
  readonly controlExperiment: (control: ExperimentControl, experimentId: number) => Promise<void>;
  /** Same for one trial; `trialNumber` is what the notice calls it. A retry's new trial is stored. */
  readonly controlTrial: (control: TrialControl, trialId: number, trialNumber: number) => Promise<void>;
  /** A new trial with these parameters (checked against the space by the back end too); on success it is stored. */
  readonly cloneTrial: (trialId: number, params: Readonly<Record<string, number | string | boolean>>) => Promise<ApiReply<'trials/clone'>>;
  /** Fetches the GPU status (once per dashboard); later samples arrive by push. */
  readonly loadGpus: () => void;
  readonly listExamples: () => Promise<ApiReply<'examples/list'>>;
  /** The tails of its stdout and stderr, `maxBytes` each (the API's default when left out). */
  readonly trialLog: (trialId: number, maxBytes?: number) => Promise<ApiReply<'trials/log'>>;
  readonly trialEvents: (trialId: number) => Promise<ApiReply<'trials/events'>>;
  readonly trialCheckpoint: (trialId: number) => Promise<ApiReply<'trials/checkpoint'>>;
  /** On success the experiment leaves the store (and its dashboard, if open); a refusal is returned. */
  readonly deleteExperiment: (experimentId: number) => Promise<ApiReply<'experiments/delete'>>;
  /** A file to copy or download; a trial format without `trialNumber` describes the best trial. */
  readonly exportExperiment: (experimentId: number, format: ExportFormat, trialNumber?: number) => Promise<ApiReply<'experiments/export'>>;
  /** A W&B sweep -> an experiment file and a report; nothing is stored. */
  readonly importSweep: (yaml: string, baseDir: string) => Promise<ApiReply<'experiments/import'>>;
  /** On success the imported, read-only experiment is stored and opened. */
  readonly importOptuna: (path: string, study?: string) => Promise<ApiReply<'experiments/import-optuna'>>;
  readonly refineExperiment: (experimentId: number) => Promise<ApiReply<'experiments/refine'>>;
  /** Switches the back end to another database file; on success the lists are those of the new file. */
  readonly openDatabase: (path: string) => Promise<ApiReply<'databases/open'>>;
}

function experimentCall(transport: Transport, control: ExperimentControl, experimentId: number): Promise<ApiReply<'experiments/start'>> {
  switch (control) {
    case 'start':
      return transport.invoke('experiments/start', { experimentId });
    case 'pause':
      return transport.invoke('experiments/pause', { experimentId });
    case 'freeze':
      return transport.invoke('experiments/freeze', { experimentId });
    case 'resume':
      return transport.invoke('experiments/resume', { experimentId });
    case 'stop':
      return transport.invoke('experiments/stop', { experimentId });
    default:
      return assertNever(control);
  }
}

function trialCall(transport: Transport, control: TrialControl, trialId: number): Promise<ApiReply<'trials/stop'>> {
  switch (control) {
    case 'pause':
      return transport.invoke('trials/pause', { trialId });
    case 'resume':
      return transport.invoke('trials/resume', { trialId });
    case 'freeze':
      return transport.invoke('trials/freeze', { trialId });
    case 'thaw':
      return transport.invoke('trials/thaw', { trialId });
    case 'stop':
      return transport.invoke('trials/stop', { trialId });
    case 'retry':
      return transport.invoke('trials/retry', { trialId });
    default:
      return assertNever(control);
  }
}

export function createCommands(transport: Transport, bridge: EventBridge, store: AppStore): Commands {
  const ui = () => store.getState().uiActions;

  function openExperiment(experimentId: number): void {
    ui().show({ kind: 'experiment', experimentId });
    void bridge.loadExperimentDetail(experimentId);
  }

  function openTrial(experimentId: number, trialId: number): void {
    ui().show({ kind: 'trial', experimentId, trialId });
    const state = store.getState();
    // Coming from the dashboard everything is held and kept fresh by pushes; a reload holds nothing.
    if (state.trials.loaded[experimentId] !== true || state.metrics.loadedExperiments[experimentId] !== true) {
      // That fetches the trial's every curve too (the view is the trial's now).
      void bridge.loadExperimentDetail(experimentId);
    } else {
      // The dashboard holds a summary of one metric's curves, not the trial's every curve.
      void bridge.loadTrialMetrics(experimentId, trialId);
    }
  }

  return {
    openExperiment,
    openTrial,
    loadCurveSummary: (experimentId, metric, when) => {
      if (when === 'now') void bridge.loadCurveSummary(experimentId, metric);
      else bridge.refreshCurveSummary(experimentId, metric);
    },
    validate: (yaml) => transport.invoke('experiments/validate', { yaml }),
    async createExperiment(source, start) {
      const reply = await transport.invoke('experiments/create', { source, start });
      if (reply.ok) {
        bridge.acceptExperiment(reply.value);
        openExperiment(reply.value.id);
      }
      return reply;
    },
    async controlExperiment(control, experimentId) {
      const reply = await experimentCall(transport, control, experimentId);
      if (reply.ok) bridge.acceptExperiment(reply.value);
      else ui().notify(`Could not ${control} the experiment: ${reply.error.message}`);
    },
    async controlTrial(control, trialId, trialNumber) {
      const reply = await trialCall(transport, control, trialId);
      if (reply.ok) bridge.acceptTrial(reply.value);
      else ui().notify(`Could not ${control} trial ${trialNumber}: ${reply.error.message}`);
    },
    async cloneTrial(trialId, params) {
      const reply = await transport.invoke('trials/clone', { trialId, params: { ...params } });
      if (reply.ok) bridge.acceptTrial(reply.value);
      return reply;
    },
    loadGpus: () => { void bridge.loadGpus(); },
    listExamples: () => transport.invoke('examples/list', {}),
    trialLog: (trialId, maxBytes) => transport.invoke('trials/log', maxBytes === undefined ? { trialId } : { trialId, maxBytes }),
    trialEvents: (trialId) => transport.invoke('trials/events', { trialId }),
    trialCheckpoint: (trialId) => transport.invoke('trials/checkpoint', { trialId }),
    async deleteExperiment(experimentId) {
      const reply = await transport.invoke('experiments/delete', { experimentId });
      if (reply.ok) bridge.acceptDeletion(experimentId);
      return reply;
    },
    exportExperiment: (experimentId, format, trialNumber) =>
      transport.invoke('experiments/export', trialNumber === undefined ? { experimentId, format } : { experimentId, format, trialNumber }),
    importSweep: (yaml, baseDir) => transport.invoke('experiments/import', { kind: 'wandb-sweep', yaml, baseDir }),
    async importOptuna(path, study) {
      const reply = await transport.invoke('experiments/import-optuna', study === undefined ? { path } : { path, study });
      if (reply.ok) {
        bridge.acceptExperiment(reply.value.experiment);
        openExperiment(reply.value.experiment.id);
      }
      return reply;
    },
    refineExperiment: (experimentId) => transport.invoke('experiments/refine', { experimentId }),
    async openDatabase(path) {
      const reply = await transport.invoke('databases/open', { path });
      if (reply.ok) bridge.acceptDatabase(reply.value);
      return reply;
    },
  };
}
