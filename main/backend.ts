import { EventHub } from './api/event-hub';
import { createDispatch, createHandlers, type Dispatch } from './api/handlers';
import { guardImportedHistory } from './api/read-only-guard';
import { examplesDir, pythonHelperDir, runsDirFor } from './paths';
import { Scheduler, type ShutdownMode } from './scheduler/scheduler';
import { isCudaOutOfMemory } from './runner/gpu/cuda-oom';
import { GpuMonitor } from './runner/gpu/gpu-monitor';
import { gpuSlotsFactory } from './runner/gpu/gpu-trial-slots';
import type { GpuDetection } from './runner/gpu/nvidia-smi';
import { Store } from './store/store';

export interface BackendOptions {
  readonly databaseFile: string;
  /** The Electron build of better-sqlite3, when running inside Electron. */
  readonly nativeBinding?: string;
  readonly stopGraceMs?: number;
  readonly hubFlushMs?: number;
  /**
   * Which experiments a Tundra that went away left running are taken over at start-up (live
   * trials re-adopted, dead ones interrupted): all of them (the app, serve), one (tundra resume),
   * or none (short commands such as list and export, and tundra run, which runs only its own).
   */
  readonly recover?: 'all' | 'none' | number;
  /**
   * The GPUs: what detection found at start-up (await detectGpus() first, so the first experiment
   * sees them) and how to sample them; absent, trials run on CPU slots and nothing is sampled.
   */
  readonly gpus?: { readonly initial: GpuDetection; readonly sample?: () => Promise<GpuDetection>; readonly sampleMs?: number };
}

export interface Backend {
  readonly store: Store;
  readonly hub: EventHub;
  readonly scheduler: Scheduler;
  readonly dispatch: Dispatch;
  /** Stops (or freezes, or leaves running) the trials, delivers the last events and closes the database. */
  close(mode?: ShutdownMode): Promise<void>;
}

/** The composition root shared by the desktop app, `serve` and the CLI: one way to wire the parts. */
export function createBackend(options: BackendOptions): Backend {
  const store = Store.open(options.databaseFile, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  const hub = new EventHub(options.hubFlushMs);
  const monitor = new GpuMonitor({
    initial: options.gpus?.initial ?? { kind: 'none', reason: 'GPU detection is off' },
    ...(options.gpus?.sample ? { sample: options.gpus.sample } : {}),
    ...(options.gpus?.sampleMs ? { intervalMs: options.gpus.sampleMs } : {}),
    onSample: (detection, time) => {
      // Stored and pushed while trials run (what a person looks at); the table keeps a week.
      if (detection.kind !== 'gpus' || scheduler.liveTrialCount() === 0) return;
      const samples = detection.devices.map((d) => ({ time, index: d.index, utilizationPercent: d.utilizationPercent, memoryUsedMiB: d.memoryUsedMiB, memoryTotalMiB: d.memoryTotalMiB }));
      store.gpuSamples.append(samples);
      store.gpuSamples.prune(time - 7 * 24 * 3600 * 1000);
      hub.gpusSampled(samples);
    },
  });
  const scheduler = new Scheduler({
    store,
    hub,
    runsDir: runsDirFor(options.databaseFile),
    helperDir: pythonHelperDir(),
    ...(options.stopGraceMs === undefined ? {} : { stopGraceMs: options.stopGraceMs }),
    slots: gpuSlotsFactory(() => monitor.current()),
    isCudaOutOfMemory,
  });
  const recover = options.recover ?? 'none';
  if (recover !== 'none') scheduler.recover(recover === 'all' ? undefined : recover);
  // Imported history (an Optuna study) never runs, whichever transport asks.
  const guarded = guardImportedHistory(scheduler, store);
  const dispatch = createDispatch(createHandlers({ store, scheduler: guarded, hub, examplesDir: examplesDir(), gpuStatus: () => monitor.current() }));
  let closing: Promise<void> | undefined;
  return {
    store,
    hub,
    scheduler: guarded,
    dispatch,
    close(mode = 'stop') {
      closing ??= (async () => {
        monitor.stop();
        await scheduler.shutdown(mode);
        hub.close();
        store.close();
      })();
      return closing;
    },
  };
}
