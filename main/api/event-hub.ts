import type { EventName, EventPayloads } from '../../shared/api';
import type { Experiment, GpuSample, MetricPoint, Trial } from '../../shared/domain';
import type { EventMessage } from '../../shared/protocol';

export type EventSubscriber = (message: EventMessage) => void;

/** Pushes at most this often: a few frames a second is live to a person and cheap for the renderer. */
export const DEFAULT_FLUSH_MS = 250;

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
  private timer: NodeJS.Timeout | undefined;

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

  /** Delivers everything pending now (also used on shutdown so the last state reaches clients). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const experiments = [...this.experiments.values()];
    const trials = [...this.trials.values()];
    const metrics = this.metrics;
    const gpuSamples = this.gpuSamples;
    this.gpuSamples = [];
    this.experiments = new Map();
    this.trials = new Map();
    this.metrics = [];
    // Trials before metrics before experiments: a client then never sees a point of an unknown trial.
    if (trials.length > 0) this.emit('trials/updated', trials);
    if (metrics.length > 0) this.emit('metrics/appended', metrics);
    if (experiments.length > 0) this.emit('experiments/updated', experiments);
    if (gpuSamples.length > 0) this.emit('gpus/sampled', gpuSamples);
  }

  close(): void {
    this.flush();
    this.subscribers.clear();
  }

  private schedule(): void {
    if (this.timer === undefined) this.timer = setTimeout(() => this.flush(), this.flushMs);
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
