import { rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { apiArgs, isChannel, type ApiParsedArgs, type ApiResult, type Channel, type DatabaseInfo } from '../../shared/api';
import { fail, ok, type Result } from '../../shared/result';
import type { Scheduler } from '../scheduler/scheduler';
import { readTail } from '../scheduler/trial-launch';
import { hasCheckpoint } from '../scheduler/trial-outcome';
import { STDERR_LOG, STDOUT_LOG } from '../runner/trial-process';
import type { Store } from '../store/store';
import type { EventHub } from './event-hub';
import { listExamples } from './examples';
import { loadExperiment } from './experiment-source';
import { exportExperiment } from '../exports';
import { importOptunaStudy, importWandbSweep } from '../imports/import-handlers';
import { CurveSummaries } from './curve-summary';
import { experimentForecasts } from './forecasts';
import { refineExperiment } from './refine-experiment';
import { parseExperimentFile } from '../../shared/experiment-file';
import type { GpuStatus } from '../../shared/domain';

/** Which database file the back end works on, and switching to another (main/backend.ts owns both). */
export interface DatabaseControl {
  readonly current: () => DatabaseInfo;
  readonly open: (file: string) => Promise<Result<DatabaseInfo>>;
}

export interface ApiDependencies {
  readonly store: Store;
  readonly scheduler: Scheduler;
  readonly hub: EventHub;
  readonly examplesDir: string;
  /** What GPUs Tundra runs on now. */
  readonly gpuStatus?: () => GpuStatus;
  readonly databases: DatabaseControl;
  readonly now?: () => number;
}

type Handler<K extends Channel> = (args: ApiParsedArgs<K>) => Result<ApiResult<K>> | Promise<Result<ApiResult<K>>>;
export type Handlers = { readonly [K in Channel]: Handler<K> };

/** One handler per contract key; both transports (IPC and HTTP) call `dispatch`. */
export function createHandlers(deps: ApiDependencies): Handlers {
  const { store, scheduler, hub } = deps;
  const now = deps.now ?? Date.now;
  const curveSummaries = new CurveSummaries(store);
  const experimentOr404 = (id: number) => {
    const experiment = store.experiments.get(id);
    return experiment ? ok(experiment) : fail('not-found', `There is no experiment ${id}.`);
  };

  return {
    'experiments/list': () => ok(store.experiments.list()),
    'experiments/get': ({ experimentId }) => experimentOr404(experimentId),
    'experiments/validate': ({ yaml }) => parseExperimentFile(yaml),
    'experiments/create': ({ source, start }) => {
      const loaded = loadExperiment(source);
      if (!loaded.ok) return loaded;
      const id = store.experiments.create(loaded.value, now());
      store.events.append(id, null, 'experiment', 'created', now());
      // If it cannot start (say, a missing interpreter) the reply says why and the draft is kept.
      if (start) return scheduler.start(id);
      const experiment = store.experiments.get(id)!;
      hub.experimentUpdated(experiment);
      return ok(experiment);
    },
    'experiments/start': ({ experimentId }) => scheduler.start(experimentId),
    'experiments/stop': ({ experimentId }) => scheduler.stopExperiment(experimentId),
    'experiments/pause': ({ experimentId }) => scheduler.pauseExperiment(experimentId),
    'experiments/freeze': ({ experimentId }) => scheduler.freezeExperiment(experimentId),
    'experiments/resume': ({ experimentId }) => scheduler.resumeExperiment(experimentId),
    'experiments/update-budget': ({ experimentId, budget }) =>
      scheduler.updateBudget(experimentId, Object.fromEntries(Object.entries(budget).filter(([, value]) => value !== undefined))),
    'experiments/export': ({ experimentId, format, trialNumber }) => {
      const experiment = experimentOr404(experimentId);
      if (!experiment.ok) return experiment;
      return exportExperiment(experiment.value, store.trials.listByExperiment(experimentId), format, trialNumber === undefined ? {} : { trialNumber });
    },
    'experiments/import': ({ yaml, baseDir }) => importWandbSweep(yaml, baseDir),
    'experiments/import-optuna': ({ path: file, study }) => importOptunaStudy({ store, hub, now }, file, study),
    'experiments/refine': ({ experimentId, topK }) => {
      const experiment = experimentOr404(experimentId);
      if (!experiment.ok) return experiment;
      return refineExperiment(experiment.value, store.trials.listByExperiment(experimentId), topK);
    },
    'examples/list': () => ok(listExamples(deps.examplesDir)),
    'gpus/status': ({ sinceMs }) =>
      ok({
        status: deps.gpuStatus?.() ?? { kind: 'none', reason: 'GPU detection is off' },
        samples: store.gpuSamples.listSince(sinceMs ?? now() - 60 * 60 * 1000),
      }),
    'trials/list': ({ experimentId }) => {
      const experiment = experimentOr404(experimentId);
      return experiment.ok ? ok(store.trials.listByExperiment(experimentId)) : experiment;
    },
    'trials/stop': ({ trialId }) => scheduler.stopTrial(trialId),
    'trials/pause': ({ trialId }) => scheduler.pauseTrial(trialId),
    'trials/resume': ({ trialId }) => scheduler.resumeTrial(trialId),
    'trials/freeze': ({ trialId }) => scheduler.freezeTrial(trialId),
    'trials/thaw': ({ trialId, untilStep }) => scheduler.thawTrial(trialId, untilStep ?? null),
    'trials/retry': ({ trialId }) => scheduler.retryTrial(trialId),
    'trials/clone': ({ trialId, params }) => scheduler.cloneTrial(trialId, params),
    'trials/events': ({ trialId }) => {
      const trial = store.trials.get(trialId);
      if (!trial) return fail('not-found', `There is no trial ${trialId}.`);
      return ok(store.events.listByTrial(trialId));
    },
    'trials/forecasts': ({ experimentId }) => {
      const experiment = store.experiments.get(experimentId);
      if (!experiment) return fail('not-found', `There is no experiment ${experimentId}.`);
      return experimentForecasts(store, experiment, scheduler.policyViewsOf(experimentId));
    },
    'trials/log': ({ trialId, maxBytes }) => {
      const trial = store.trials.get(trialId);
      if (!trial) return fail('not-found', `There is no trial ${trialId}.`);
      const stdout = readTail(path.join(trial.dir, STDOUT_LOG), maxBytes);
      const stderr = readTail(path.join(trial.dir, STDERR_LOG), maxBytes);
      return ok({ stdout: stdout.text, stderr: stderr.text, truncated: stdout.truncated || stderr.truncated });
    },
    'metrics/list': ({ experimentId, names }) => {
      const experiment = experimentOr404(experimentId);
      return experiment.ok ? ok(store.metrics.listByExperiment(experimentId, names)) : experiment;
    },
    'metrics/series': ({ experimentId, names, trialIds }) => {
      const experiment = experimentOr404(experimentId);
      if (!experiment.ok) return experiment;
      return ok(trialIds === undefined ? store.metrics.seriesByExperiment(experimentId, names) : store.metrics.seriesOfTrials(experimentId, trialIds, names));
    },
    'metrics/summary': async ({ experimentId, name, maxSeparate }) => {
      const experiment = experimentOr404(experimentId);
      return experiment.ok ? ok(await curveSummaries.summary(experiment.value, name ?? experiment.value.spec.objective.metric, maxSeparate)) : experiment;
    },
    'trials/checkpoint': ({ trialId }) => {
      const trial = store.trials.get(trialId);
      if (!trial) return fail('not-found', `There is no trial ${trialId}.`);
      return ok({ dir: trial.checkpointDir, exists: hasCheckpoint(trial.checkpointDir) });
    },
    'experiments/delete': ({ experimentId }) => {
      const deleted = deleteExperiment(deps, experimentId);
      if (deleted.ok) curveSummaries.forget(experimentId);
      return deleted;
    },
    'databases/current': () => ok(deps.databases.current()),
    'databases/open': ({ path: file }) => deps.databases.open(file),
  };
}

/** States an experiment may be deleted in: nothing of it runs, nothing is held for later. */
const DELETABLE_STATES = ['draft', 'completed', 'stopped', 'failed'] as const;

function deleteExperiment({ store, scheduler, hub }: ApiDependencies, experimentId: number): Result<{ readonly experimentId: number }> {
  const experiment = store.experiments.get(experimentId);
  if (!experiment) return fail('not-found', `There is no experiment ${experimentId}.`);
  if (scheduler.isRunning(experimentId) || !(DELETABLE_STATES as readonly string[]).includes(experiment.state)) {
    return fail('conflict', `Experiment "${experiment.name}" is ${experiment.state}; stop it first, then delete it.`);
  }
  const deleted = store.experiments.deleteIn(experimentId, DELETABLE_STATES);
  if (deleted === null) return fail('conflict', `Experiment "${experiment.name}" changed state meanwhile; try again.`);
  // The records are gone either way; a folder that cannot be removed is left behind, not fatal.
  const parents = new Set<string>();
  for (const dir of deleted.trialDirs) {
    rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    parents.add(path.dirname(dir));
  }
  for (const parent of parents) {
    try {
      rmdirSync(parent);
    } catch {
      // Not empty (something else lives there) or already gone: leave it.
    }
  }
  hub.experimentDeleted(experimentId);
  return ok({ experimentId });
}

export type Dispatch = (channel: unknown, args: unknown) => Promise<Result<unknown>>;

/**
 * The receiving edge: checks the channel against the contract and parses the arguments with its
 * schema before any handler sees them. Never throws; an unexpected failure becomes `internal`.
 */
export function createDispatch(handlers: Handlers): Dispatch {
  return async (channel, rawArgs) => {
    if (!isChannel(channel)) return fail('unknown-channel', `Unknown API call ${JSON.stringify(channel)}.`);
    const parsed = apiArgs[channel].safeParse(rawArgs ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(arguments)', message: issue.message }));
      return fail('invalid-arguments', `Invalid arguments for ${channel}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
    }
    try {
      // The schema for `channel` produced `parsed.data`, so it is that handler's argument type;
      // TypeScript cannot follow the correlation through the union of keys.
      const handler = handlers[channel] as (args: unknown) => ReturnType<Handler<Channel>>;
      return await handler(parsed.data);
    } catch (error) {
      return fail('internal', `${channel} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}
