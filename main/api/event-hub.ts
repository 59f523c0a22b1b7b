import type { DatabaseInfo, EventName, EventPayloads } from '../../shared/api';
import type { Experiment, GpuSample, MetricPoint, Trial } from '../../shared/domain';
import type { EventMessage } from '../../shared/protocol';

export type EventSubscriber = (message: EventMessage) => void;

/** Pushes at most this often: a few frames a second is live to a person and cheap for the renderer. */
export const DEFAULT_FLUSH_MS = 250;
/**
 * Most metric points in one push: about 1.5 MB of JSON. A flood is sent as several pushes, one per
 * turn of the event loop, so no frame is huge (browsers and `ws` refuse frames past 100 MB or so)
 * and the server stays responsive while sending.
 */
export const MAX_POINTS_PER_PUSH = 20_000;

/**
 * Collects push events and delivers them in batches. Records are keyed by id so that ten updates
 * of one trial within a batch become one; metric points are appended in order.
 */
export class EventHub {
  private readonly subscribers = new Set<EventSubscriber>();
  private experiments = new Map<number, Experiment>();
  private trials = new Map<number, Trial>();
  private metrics: MetricPoint[] = [];
  private gpuSamples: GpuSample[] = [];
  private deletedExperiments: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  constructor(private readonly flushMs = DEFAULT_FLUSH_MS) {}

  subscribe(subscriber: EventSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  experimentUpdated(experiment: Experiment): void {
    this.experiments.set(experiment.id, experiment);
    this.schedule();
  }

  trialUpdated(trial: Trial): void {
    this.trials.set(trial.id, trial);
    this.schedule();
  }

  metricsAppended(points: readonly MetricPoint[]): void {
    for (const point of points) this.metrics.push(point);
    this.schedule();
  }

  gpusSampled(samples: readonly GpuSample[]): void {
    for (const sample of samples) this.gpuSamples.push(sample);
    this.schedule();
  }

  /** Pending updates of the experiment and its trials are dropped: they would bring it back. */
  experimentDeleted(experimentId: number): void {
    this.experiments.delete(experimentId);
    for (const [trialId, trial] of this.trials) if (trial.experimentId === experimentId) this.trials.delete(trialId);
    this.deletedExperiments.push(experimentId);
    this.schedule();
  }

  /**
   * Another database file is open: pending records of the old one are dropped (their ids mean
   * other things now) and clients are told at once, before anything of the new file reaches them.
   */
  databaseOpened(database: DatabaseInfo): void {
    this.experiments = new Map();
    this.trials = new Map();
    this.metrics = [];
    this.deletedExperiments = [];
    this.emit('database/opened', [database]);
  }

  /**
   * Delivers what is pending now, at most MAX_POINTS_PER_PUSH points at a time (the rest follow on
   * the next turn); `all` delivers everything at once (shutdown, so the last state reaches clients).
   */
  flush(all = false): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    const trials = [...this.trials.values()];
    this.trials = new Map();
    const metrics = all ? this.metrics : this.metrics.slice(0, MAX_POINTS_PER_PUSH);
    this.metrics = all ? [] : this.metrics.slice(metrics.length);
    // Trials before metrics before experiments: a client then never sees a point of an unknown
    // trial, and an experiment's counts never run ahead of the points it has been sent.
    if (trials.length > 0) this.emit('trials/updated', trials);
    if (metrics.length > 0) this.emit('metrics/appended', metrics);
    if (this.metrics.length > 0) {
      this.immediate = setImmediate(() => this.flush());
      return;
    }
    const experiments = [...this.experiments.values()];
    const gpuSamples = this.gpuSamples;
    this.experiments = new Map();
    this.gpuSamples = [];
    const deleted = this.deletedExperiments;
    this.deletedExperiments = [];
    if (experiments.length > 0) this.emit('experiments/updated', experiments);
    if (gpuSamples.length > 0) this.emit('gpus/sampled', gpuSamples);
    if (deleted.length > 0) this.emit('experiments/deleted', deleted);
  }

  close(): void {
    this.flush(true);
    this.subscribers.clear();
  }

  private schedule(): void {
    if (this.timer === undefined && this.immediate === undefined) this.timer = setTimeout(() => this.flush(), this.flushMs);
  }

  private emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    const message = { event, payload } as EventMessage;
    for (const subscriber of this.subscribers) {
      try {
        subscriber(message);
      } catch {
        // One broken client (a closed socket) must not stop the others from getting the update.
      }
    }
  }
}
