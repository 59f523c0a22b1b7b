import { EventHub } from './api/event-hub';
import { createDispatch, createHandlers, type Dispatch } from './api/handlers';
import { examplesDir, pythonHelperDir, runsDirFor } from './paths';
import { Scheduler, type ShutdownMode } from './scheduler/scheduler';
import type { SlotsFactory } from './scheduler/slots';
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
  /** GPU slots per experiment; CPU-only when absent. */
  readonly slots?: SlotsFactory;
  readonly isCudaOutOfMemory?: (logTail: string) => boolean;
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
  const scheduler = new Scheduler({
    store,
    hub,
    runsDir: runsDirFor(options.databaseFile),
    helperDir: pythonHelperDir(),
    ...(options.stopGraceMs === undefined ? {} : { stopGraceMs: options.stopGraceMs }),
    ...(options.slots ? { slots: options.slots } : {}),
    ...(options.isCudaOutOfMemory ? { isCudaOutOfMemory: options.isCudaOutOfMemory } : {}),
  });
  const recover = options.recover ?? 'none';
  if (recover !== 'none') scheduler.recover(recover === 'all' ? undefined : recover);
  const dispatch = createDispatch(createHandlers({ store, scheduler, hub, examplesDir: examplesDir() }));
  let closing: Promise<void> | undefined;
  return {
    store,
    hub,
    scheduler,
    dispatch,
    close(mode = 'stop') {
      closing ??= (async () => {
        await scheduler.shutdown(mode);
        hub.close();
        store.close();
      })();
      return closing;
    },
  };
}
