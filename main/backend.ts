import { EventHub } from './api/event-hub';
import { createDispatch, createHandlers, type Dispatch } from './api/handlers';
import { examplesDir, pythonHelperDir, runsDirFor } from './paths';
import { Scheduler } from './scheduler/scheduler';
import { Store } from './store/store';

export interface BackendOptions {
  readonly databaseFile: string;
  /** The Electron build of better-sqlite3, when running inside Electron. */
  readonly nativeBinding?: string;
  readonly stopGraceMs?: number;
  readonly hubFlushMs?: number;
}

export interface Backend {
  readonly store: Store;
  readonly hub: EventHub;
  readonly scheduler: Scheduler;
  readonly dispatch: Dispatch;
  /** Stops running trials, delivers the last events and closes the database. */
  close(): Promise<void>;
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
  });
  scheduler.recover();
  const dispatch = createDispatch(createHandlers({ store, scheduler, hub, examplesDir: examplesDir() }));
  let closing: Promise<void> | undefined;
  return {
    store,
    hub,
    scheduler,
    dispatch,
    close() {
      closing ??= (async () => {
        await scheduler.shutdown();
        hub.close();
        store.close();
      })();
      return closing;
    },
  };
}
