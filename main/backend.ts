import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseInfo } from '../shared/api';
import { fail, ok, type Result } from '../shared/result';
import { EventHub } from './api/event-hub';
import { createDispatch, createHandlers, type DatabaseControl, type Dispatch } from './api/handlers';
import { guardImportedHistory } from './api/read-only-guard';
import { examplesDir, pythonHelperDir, runsDirFor } from './paths';
import { Scheduler, type ShutdownMode } from './scheduler/scheduler';
import { isCudaOutOfMemory } from './runner/gpu/cuda-oom';
import { GpuMonitor } from './runner/gpu/gpu-monitor';
import { gpuSlotsFactory } from './runner/gpu/gpu-trial-slots';
import type { GpuDetection } from './runner/gpu/nvidia-smi';
import { ForeignDatabaseError, NewerDatabaseError } from './store/database';
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
   * A database opened later (databases/open) is taken over as a whole under 'all', else not at all.
   */
  readonly recover?: 'all' | 'none' | number;
  /**
   * The GPUs: what detection found at start-up (await detectGpus() first, so the first experiment
   * sees them) and how to sample them; absent, trials run on CPU slots and nothing is sampled.
   */
  readonly gpus?: { readonly initial: GpuDetection; readonly sample?: () => Promise<GpuDetection>; readonly sampleMs?: number };
}

export interface Backend {
  /** The open database's store and scheduler: another pair after `databases/open`, so read them each time. */
  readonly store: Store;
  readonly hub: EventHub;
  readonly scheduler: Scheduler;
  readonly dispatch: Dispatch;
  /** Switches to another database file (what `databases/open` does); refused while an experiment runs. */
  openDatabase(file: string): Promise<Result<DatabaseInfo>>;
  /** Stops (or freezes, or leaves running) the trials, delivers the last events and closes the database. */
  close(mode?: ShutdownMode): Promise<void>;
}

/**
 * What belongs to one database file: its store, the scheduler that runs its experiments and the
 * handlers bound to both. The backend holds one at a time and swaps it whole; the event hub, the
 * GPU monitor and the transports outlive it.
 */
interface DatabaseSession {
  readonly store: Store;
  readonly scheduler: Scheduler;
  /** The scheduler as the API sees it: imported history never runs. */
  readonly guarded: Scheduler;
  readonly dispatch: Dispatch;
  readonly created: boolean;
}

/** The composition root shared by the desktop app, `serve` and the CLI: one way to wire the parts. */
export function createBackend(options: BackendOptions): Backend {
  const hub = new EventHub(options.hubFlushMs);
  const monitor = new GpuMonitor({
    initial: options.gpus?.initial ?? { kind: 'none', reason: 'GPU detection is off' },
    ...(options.gpus?.sample ? { sample: options.gpus.sample } : {}),
    ...(options.gpus?.sampleMs ? { intervalMs: options.gpus.sampleMs } : {}),
    onSample: (detection, time) => {
      // Stored and pushed while trials run (what a person looks at); the table keeps a week.
      const { store, scheduler } = session;
      if (detection.kind !== 'gpus' || scheduler.liveTrialCount() === 0) return;
      const samples = detection.devices.map((d) => ({ time, index: d.index, utilizationPercent: d.utilizationPercent, memoryUsedMiB: d.memoryUsedMiB, memoryTotalMiB: d.memoryTotalMiB }));
      store.gpuSamples.append(samples);
      store.gpuSamples.prune(time - 7 * 24 * 3600 * 1000);
      hub.gpusSampled(samples);
    },
  });
  const info = (current: DatabaseSession): DatabaseInfo => ({ file: current.store.file, runsDir: runsDirFor(current.store.file), created: current.created });

  const databases: DatabaseControl = {
    current: () => info(session),
    open: (file) => openDatabase(file),
  };

  function openSession(file: string, recover: BackendOptions['recover'], refuseForeign: boolean): DatabaseSession {
    const created = file !== ':memory:' && !existsSync(file);
    const store = Store.open(file, { ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}), refuseForeign });
    const scheduler = new Scheduler({
      store,
      hub,
      runsDir: runsDirFor(file),
      helperDir: pythonHelperDir(),
      ...(options.stopGraceMs === undefined ? {} : { stopGraceMs: options.stopGraceMs }),
      slots: gpuSlotsFactory(() => monitor.current()),
      isCudaOutOfMemory,
    });
    if (recover !== undefined && recover !== 'none') scheduler.recover(recover === 'all' ? undefined : recover);
    // Imported history (an Optuna study) never runs, whichever transport asks.
    const guarded = guardImportedHistory(scheduler, store);
    const dispatch = createDispatch(createHandlers({ store, scheduler: guarded, hub, examplesDir: examplesDir(), gpuStatus: () => monitor.current(), databases }));
    return { store, scheduler, guarded, dispatch, created };
  }

  let session = openSession(options.databaseFile, options.recover, false);
  let switching: Promise<Result<DatabaseInfo>> | undefined;
  let closing: Promise<void> | undefined;

  async function switchTo(requested: string): Promise<Result<DatabaseInfo>> {
    const file = path.resolve(requested);
    const old = session;
    if (file === old.store.file) return ok(info(old));
    const running = old.store.experiments.list().filter((experiment) => old.scheduler.isRunning(experiment.id));
    if (running.length > 0) {
      const names = running.map((experiment) => `"${experiment.name}"`).join(', ');
      return fail('conflict', `${names} ${running.length === 1 ? 'is' : 'are'} running in ${old.store.file}; stop ${running.length === 1 ? 'it' : 'them'} (or let ${running.length === 1 ? 'it' : 'them'} finish) before opening another database.`);
    }
    const problem = pathProblem(file);
    if (problem !== null) return fail('invalid-arguments', problem, [{ path: 'path', message: problem }]);
    let next: DatabaseSession;
    try {
      next = openSession(file, options.recover === 'all' ? 'all' : 'none', true);
    } catch (error) {
      return openFailure(file, error);
    }
    // The old pair goes first: its last pushes reach clients before they are told to drop it all.
    await old.scheduler.shutdown('stop');
    hub.flush(true);
    old.store.close();
    session = next;
    const opened = info(next);
    hub.databaseOpened(opened);
    for (const experiment of next.store.experiments.list()) hub.experimentUpdated(experiment);
    return ok(opened);
  }

  function openDatabase(file: string): Promise<Result<DatabaseInfo>> {
    if (closing) return Promise.resolve(fail('conflict', 'Tundra is shutting down.'));
    if (switching) return Promise.resolve(fail('conflict', 'Another database is being opened; try again in a moment.'));
    switching = switchTo(file).finally(() => { switching = undefined; });
    return switching;
  }

  const dispatch: Dispatch = async (channel, args) => {
    // Calls made while the files change would land on a store that is closing.
    if (switching && channel !== 'databases/current') await switching.catch(() => undefined);
    return session.dispatch(channel, args);
  };

  return {
    get store() {
      return session.store;
    },
    get scheduler() {
      return session.guarded;
    },
    hub,
    dispatch,
    openDatabase,
    close(mode = 'stop') {
      closing ??= (async () => {
        if (switching) await switching;
        monitor.stop();
        await session.scheduler.shutdown(mode);
        hub.close();
        session.store.close();
      })();
      return closing;
    },
  };
}

/** Why `file` cannot be a database file, before SQLite is asked: a folder, or a folder that is missing. */
function pathProblem(file: string): string | null {
  const folder = path.dirname(file);
  if (existsSync(file)) {
    return statSync(file).isDirectory() ? `${file} is a folder; give the path of a database file inside it, e.g. ${path.join(file, 'tundra.db')}` : null;
  }
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return `the folder ${folder} does not exist; create it first, or choose a file in an existing folder`;
  return null;
}

function openFailure(file: string, error: unknown): Result<never> {
  if (error instanceof NewerDatabaseError) return fail('unsupported', error.message, [{ path: 'path', message: error.message }]);
  if (error instanceof ForeignDatabaseError) return fail('invalid-arguments', error.message, [{ path: 'path', message: error.message }]);
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const message =
    code === 'SQLITE_NOTADB' ? `${file} is not a SQLite database (${text}); choose a Tundra database or a new file name` : `could not open ${file}: ${text}`;
  return fail(code === 'SQLITE_NOTADB' ? 'invalid-arguments' : 'io-error', message, [{ path: 'path', message }]);
}
