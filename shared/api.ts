import { z } from 'zod';
import type { CurveEnvelope } from './curve-envelope';
import type { ExampleExperiment, Experiment, GpuSample, GpuStatus, MetricPoint, Trial } from './domain';
import type { ExperimentFile } from './experiment-file';
import { EXPORT_FORMATS } from './export-formats';
import type { ImportReportItem } from './imports/import-report';
import type { Result } from './result';

/**
 * The one typed API contract between the renderer (or any client) and the back end. Every call is a
 * key here with a zod schema for its arguments, checked at the receiving edge by both transports
 * (Electron IPC and HTTP); its result type is declared beside it. Push events are past tense and
 * carry arrays, because the back end batches them a few times a second.
 */

const id = z.number().int().positive();

export { EXPORT_FORMATS, type ExportFormat } from './export-formats';

/** Where a new experiment's file comes from: typed or pasted text, or a file on the back end's disk. */
export const experimentSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('text'),
    yaml: z.string().max(1_000_000),
    /** The folder `workdir` is relative to; must be absolute. */
    baseDir: z.string().min(1),
  }),
  z.strictObject({ kind: z.literal('path'), path: z.string().min(1) }),
]);
export type ExperimentSource = z.infer<typeof experimentSourceSchema>;

/** An absolute path on the back end's machine, POSIX (`/home/you/x.db`) or Windows (`C:\\x.db`, `\\\\server\\share`). */
export function isAbsolutePath(text: string): boolean {
  return /^(?:\/|[A-Za-z]:[\\/]|\\\\)/.test(text);
}

export const apiArgs = {
  'experiments/list': z.strictObject({}),
  'experiments/get': z.strictObject({ experimentId: id }),
  'experiments/validate': z.strictObject({ yaml: z.string().max(1_000_000) }),
  'experiments/create': z.strictObject({ source: experimentSourceSchema, start: z.boolean().default(false) }),
  'experiments/start': z.strictObject({ experimentId: id }),
  'experiments/stop': z.strictObject({ experimentId: id }),
  /** Suspend every running trial in memory (GPU memory stays held); launch nothing new. */
  'experiments/pause': z.strictObject({ experimentId: id }),
  /** "Free my GPU now": every running trial checkpoints and exits; launch nothing new. */
  'experiments/freeze': z.strictObject({ experimentId: id }),
  /** Paused trials go on, frozen ones are thawed as slots free up. */
  'experiments/resume': z.strictObject({ experimentId: id }),
  /** Edit the budget while it runs; fields left out keep their value. */
  'experiments/update-budget': z.strictObject({
    experimentId: id,
    budget: z
      .strictObject({
        trials: z.number().int().min(1).max(100000).optional(),
        parallel: z.number().int().min(1).max(256).optional(),
        max_wall_time: z.number().positive().optional(),
        max_trial_time: z.number().positive().optional(),
        max_steps: z.number().int().min(1).optional(),
        trial_timeout: z.number().positive().optional(),
      })
      .refine((b) => Object.keys(b).length > 0, { message: 'give at least one budget field to change' }),
  }),
  /** `trialNumber` picks the trial the configuration formats describe; the best one when absent. */
  'experiments/export': z.strictObject({ experimentId: id, format: z.enum(EXPORT_FORMATS), trialNumber: z.number().int().min(1).optional() }),
  /** A W&B sweep configuration -> an experiment file to review in the editor, and what did not carry over. */
  'experiments/import': z.strictObject({
    kind: z.literal('wandb-sweep'),
    yaml: z.string().max(1_000_000),
    /** The folder the sweep's program is relative to; must be absolute. */
    baseDir: z.string().min(1),
  }),
  /** An Optuna study (RDB SQLite file on the back end's disk) stored as a finished, read-only experiment. */
  'experiments/import-optuna': z.strictObject({ path: z.string().min(1), study: z.string().min(1).optional() }),
  /** Coarse-to-fine: a new experiment file whose space is narrowed around the top trials. */
  'experiments/refine': z.strictObject({ experimentId: id, topK: z.number().int().min(1).max(1000).optional() }),
  'examples/list': z.strictObject({}),
  /** The GPUs (or why there are none: CPU slots) and their recent utilisation and memory. */
  'gpus/status': z.strictObject({ sinceMs: z.number().int().min(0).optional() }),
  'trials/list': z.strictObject({ experimentId: id }),
  'trials/stop': z.strictObject({ trialId: id }),
  'trials/pause': z.strictObject({ trialId: id }),
  /** A paused trial continues; a frozen or interrupted one is thawed. */
  'trials/resume': z.strictObject({ trialId: id }),
  'trials/freeze': z.strictObject({ trialId: id }),
  /** Relaunch a frozen, interrupted or stopped trial from its checkpoint; optionally freeze again at `untilStep`. */
  'trials/thaw': z.strictObject({ trialId: id, untilStep: z.number().int().min(1).optional() }),
  /** The same configuration again as a new trial. */
  'trials/retry': z.strictObject({ trialId: id }),
  /** A new trial with edited parameters (checked against the search space). */
  'trials/clone': z.strictObject({ trialId: id, params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])) }),
  /** The trial's event timeline: queued, started, paused, frozen, thawed, warnings, exit. */
  'trials/events': z.strictObject({ trialId: id }),
  'trials/log': z.strictObject({ trialId: id, maxBytes: z.number().int().min(1).max(4_000_000).default(64_000) }),
  /** Learning-curve forecasts to resource.max of every running, paused or frozen trial (the freeze_thaw policy's view). */
  'trials/forecasts': z.strictObject({ experimentId: id }),
  'metrics/list': z.strictObject({
    experimentId: id,
    /** Only these metric names; all when absent. */
    names: z.array(z.string()).max(100).optional(),
  }),
  /**
   * The same points as metrics/list, one entry per trial and metric with its steps and values as
   * two arrays: a fifth of the bytes and no object per point, what the dashboard loads (a
   * 10,000-trial x 100-step experiment is 93 MB as metrics/list).
   */
  'metrics/series': z.strictObject({
    experimentId: id,
    names: z.array(z.string()).max(100).optional(),
    /** Only these trials' curves (the trial page's); every trial's when absent. */
    trialIds: z.array(id).min(1, { message: 'give at least one trial id, or leave trialIds out for every trial' }).max(10_000).optional(),
  }),
  /**
   * What the dashboard's learning-curves chart draws of one metric, instead of every point: the
   * curves it draws on their own (live trials, the best, the best by result) in full, and the other
   * finished trials' as one envelope (shared/curve-envelope.ts). A 10,000-trial x 100-step
   * experiment is 22 MB as metrics/series and a few hundred kB as this.
   */
  'metrics/summary': z.strictObject({
    experimentId: id,
    /** The objective's metric when absent. */
    name: z.string().min(1, { message: 'give the metric to summarise, e.g. "val_loss", or leave name out for the objective' }).max(1000).optional(),
    /**
     * Above this many curves the rest are summarised: the renderer's own limit (50 SVG traces, or
     * 1,000 where WebGL draws them), so the summary is what it would draw from every curve.
     */
    maxSeparate: z.number().int().min(1, { message: 'must be at least 1 (how many curves the chart draws on their own)' }).max(100_000),
  }),
  /** Where the trial's checkpoints go and whether one is there now (what thaw would resume from). */
  'trials/checkpoint': z.strictObject({ trialId: id }),
  /** Deletes a finished (or draft) experiment with its trials, metrics, events and run folders. */
  'experiments/delete': z.strictObject({ experimentId: id }),
  /** The database file the back end has open. */
  'databases/current': z.strictObject({}),
  /**
   * Switches the back end to another database file, created when missing (its folder must exist).
   * Refused while an experiment of the open one runs; every client is told by `database/opened`.
   */
  'databases/open': z.strictObject({
    path: z
      .string()
      .trim()
      .min(1, { message: 'give the path of a database file, e.g. /home/you/tundra.db' })
      .max(4096)
      .refine(isAbsolutePath, { message: 'must be an absolute path on the machine that runs Tundra, e.g. /home/you/tundra.db' }),
  }),
} as const;

export type Channel = keyof typeof apiArgs;
export const CHANNELS = Object.keys(apiArgs) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(apiArgs, value);
}

/** Arguments as a caller writes them (defaults may be left out). */
export type ApiArgs<K extends Channel> = z.input<(typeof apiArgs)[K]>;
/** Arguments after validation, as a handler receives them. */
export type ApiParsedArgs<K extends Channel> = z.output<(typeof apiArgs)[K]>;

export interface ExperimentExport {
  readonly fileName: string;
  readonly mediaType: string;
  readonly content: string;
}

export interface RefinedExperiment {
  /** The experiment file to review and create: same command and budget, narrowed space, no seed. */
  readonly yaml: string;
  /** One line per parameter that changed. */
  readonly changes: readonly string[];
}

export interface ImportedSweep {
  /** The experiment file, with the report as comments at the top. */
  readonly yaml: string;
  readonly report: readonly ImportReportItem[];
}

export interface ImportedStudy {
  readonly experiment: Experiment;
  readonly report: readonly ImportReportItem[];
}

/** The database file the back end works on. */
export interface DatabaseInfo {
  readonly file: string;
  /** Where its trials' run folders go (beside the file). */
  readonly runsDir: string;
  /** Whether the file did not exist when it was opened (a new, empty database). */
  readonly created: boolean;
}

export interface TrialEvent {
  readonly time: number;
  readonly kind: string;
  readonly message: string;
}

export interface TrialLog {
  readonly stdout: string;
  readonly stderr: string;
  /** True when the logs are longer than what was returned (the tail is returned). */
  readonly truncated: boolean;
}

/** A forecast of the objective at one step: the median and an 80% band, in the objective's units. */
export interface ForecastBand {
  readonly step: number;
  readonly median: number;
  readonly low: number;
  readonly high: number;
}

export interface TrialForecast {
  readonly trialId: number;
  /** The forecast at resource.max (step = resource.max). */
  readonly final: ForecastBand;
  /** From the trial's last step to resource.max, for drawing the band over its curve. */
  readonly path: readonly ForecastBand[];
  /** What it rests on: the curve-family ensemble, the prior from other trials alone (few points), or what was observed. */
  readonly basis: 'ensemble' | 'prior' | 'observed' | 'diverged';
}

export interface ApiResults {
  'experiments/list': Experiment[];
  'experiments/get': Experiment;
  'experiments/validate': ExperimentFile;
  'experiments/create': Experiment;
  'experiments/start': Experiment;
  'experiments/stop': Experiment;
  'experiments/pause': Experiment;
  'experiments/freeze': Experiment;
  'experiments/resume': Experiment;
  'experiments/update-budget': Experiment;
  'experiments/export': ExperimentExport;
  'experiments/import': ImportedSweep;
  'experiments/import-optuna': ImportedStudy;
  'experiments/refine': RefinedExperiment;
  'examples/list': ExampleExperiment[];
  'gpus/status': { readonly status: GpuStatus; readonly samples: GpuSample[] };
  'trials/list': Trial[];
  'trials/stop': Trial;
  'trials/pause': Trial;
  'trials/resume': Trial;
  'trials/freeze': Trial;
  'trials/thaw': Trial;
  'trials/retry': Trial;
  'trials/clone': Trial;
  'trials/events': TrialEvent[];
  'trials/log': TrialLog;
  'trials/forecasts': TrialForecast[];
  'metrics/list': MetricPoint[];
  'metrics/series': StoredSeries[];
  'metrics/summary': CurveSummary;
  'trials/checkpoint': TrialCheckpoint;
  'experiments/delete': { readonly experimentId: number };
  'databases/current': DatabaseInfo;
  'databases/open': DatabaseInfo;
}

/** One trial's curve of one metric, by step. JSON has no NaN: a non-finite value arrives as null. */
export interface StoredSeries {
  readonly trialId: number;
  readonly name: string;
  readonly steps: number[];
  readonly values: (number | null)[];
}

/** metrics/summary: one metric's curves as the learning-curves chart draws them. */
export interface CurveSummary {
  readonly metric: string;
  /** Every metric name the experiment's trials reported, sorted (the chart's metric choices). */
  readonly names: string[];
  readonly maxSeparate: number;
  /** In full: every live trial's curve and those drawn on their own; every curve when there are no more than maxSeparate. */
  readonly series: StoredSeries[];
  /** Finished trials whose curves are folded into `envelope` and not sent. */
  readonly summarised: number[];
  /** Of the summarised curves; null when none are. */
  readonly envelope: CurveEnvelope | null;
}

export interface TrialCheckpoint {
  /** TUNDRA_CHECKPOINT_DIR of the trial, on the machine that runs Tundra. */
  readonly dir: string;
  /** The folder holds a checkpoint (a file not starting with a dot): thaw resumes from it. */
  readonly exists: boolean;
}

export type ApiResult<K extends Channel> = ApiResults[K];
export type ApiReply<K extends Channel> = Result<ApiResults[K]>;

/** A client of the API, whatever the transport. */
export interface ApiClient {
  invoke<K extends Channel>(channel: K, args: ApiArgs<K>): Promise<ApiReply<K>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

export interface EventPayloads {
  'experiments/updated': Experiment[];
  'trials/updated': Trial[];
  'metrics/appended': MetricPoint[];
  'gpus/sampled': GpuSample[];
  /** Ids of experiments deleted (with their trials and metrics). */
  'experiments/deleted': number[];
  /**
   * The back end switched to another database file: everything a client holds (experiments,
   * trials, metrics) belongs to the old one and is dropped; ids start over in the new file.
   */
  'database/opened': DatabaseInfo[];
}

export type EventName = keyof EventPayloads;
export const EVENT_NAMES: readonly EventName[] = ['experiments/updated', 'trials/updated', 'metrics/appended', 'gpus/sampled', 'experiments/deleted', 'database/opened'];

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}
