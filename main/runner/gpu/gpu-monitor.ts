import type { GpuDetection } from './nvidia-smi';

export const DEFAULT_GPU_SAMPLE_MS = 5000;

export interface GpuMonitorOptions {
  /** What detection found at start-up (the caller awaited it, so the first experiment sees it). */
  readonly initial: GpuDetection;
  /** Runs nvidia-smi again; absent: no sampling. */
  readonly sample?: () => Promise<GpuDetection>;
  readonly intervalMs?: number;
  /** Each sample, with its time (ms). */
  readonly onSample?: (detection: GpuDetection, time: number) => void;
}

/**
 * The GPUs Tundra knows of, and their utilisation and memory sampled every few seconds. Sampling
 * only runs where there are GPUs: a machine without nvidia-smi never spawns it again.
 */
export class GpuMonitor {
  private latest: GpuDetection;
  private timer: NodeJS.Timeout | undefined;
  private sampling = false;

  constructor(private readonly options: GpuMonitorOptions) {
    this.latest = options.initial;
    if (options.initial.kind === 'gpus' && options.sample) {
      this.timer = setInterval(() => void this.sampleOnce(), options.intervalMs ?? DEFAULT_GPU_SAMPLE_MS);
      this.timer.unref();
    }
  }

  current(): GpuDetection {
    return this.latest;
  }

  /** One sample now (also what the timer runs); overlapping calls are skipped. */
  async sampleOnce(): Promise<void> {
    if (this.sampling || !this.options.sample) return;
    this.sampling = true;
    try {
      const detection = await this.options.sample();
      // A failed sample (driver hiccup) keeps the devices known; it is not a reason to go CPU-only.
      if (detection.kind === 'gpus') this.latest = detection;
      this.options.onSample?.(detection, Date.now());
    } finally {
      this.sampling = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
