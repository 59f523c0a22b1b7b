import type { ApiReply, ExperimentSource } from '../../shared/api';
import type { AppStore } from '../state/store';
import type { EventBridge } from './event-bridge';
import type { Transport } from './transport';

/**
 * What components can ask of the back end. Records that come back go through the event bridge,
 * so the store has one writer; failures of fire-and-forget actions become notices.
 */
export interface Commands {
  readonly openExperiment: (experimentId: number) => void;
  readonly validate: (yaml: string) => Promise<ApiReply<'experiments/validate'>>;
  /** On success the new experiment is stored and opened. */
  readonly createExperiment: (source: ExperimentSource, start: boolean) => Promise<ApiReply<'experiments/create'>>;
  readonly startExperiment: (experimentId: number) => Promise<void>;
  readonly stopExperiment: (experimentId: number) => Promise<void>;
  readonly stopTrial: (trialId: number, trialNumber: number) => Promise<void>;
  readonly listExamples: () => Promise<ApiReply<'examples/list'>>;
  readonly trialLog: (trialId: number) => Promise<ApiReply<'trials/log'>>;
}

export function createCommands(transport: Transport, bridge: EventBridge, store: AppStore): Commands {
  const ui = () => store.getState().uiActions;

  function openExperiment(experimentId: number): void {
    ui().show({ kind: 'experiment', experimentId });
    void bridge.loadExperimentDetail(experimentId);
  }

  return {
    openExperiment,
    validate: (yaml) => transport.invoke('experiments/validate', { yaml }),
    async createExperiment(source, start) {
      const reply = await transport.invoke('experiments/create', { source, start });
      if (reply.ok) {
        bridge.acceptExperiment(reply.value);
        openExperiment(reply.value.id);
      }
      return reply;
    },
    async startExperiment(experimentId) {
      const reply = await transport.invoke('experiments/start', { experimentId });
      if (reply.ok) bridge.acceptExperiment(reply.value);
      else ui().notify(`Could not start the experiment: ${reply.error.message}`);
    },
    async stopExperiment(experimentId) {
      const reply = await transport.invoke('experiments/stop', { experimentId });
      if (reply.ok) bridge.acceptExperiment(reply.value);
      else ui().notify(`Could not stop the experiment: ${reply.error.message}`);
    },
    async stopTrial(trialId, trialNumber) {
      const reply = await transport.invoke('trials/stop', { trialId });
      if (reply.ok) bridge.acceptTrial(reply.value);
      else ui().notify(`Could not stop trial ${trialNumber}: ${reply.error.message}`);
    },
    listExamples: () => transport.invoke('examples/list', {}),
    trialLog: (trialId) => transport.invoke('trials/log', { trialId }),
  };
}
