import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/api';
import { EXPORT_FORMAT_INFO } from '../../shared/export-formats';
import { formatImportReport } from '../../shared/imports/import-report';
import type { Experiment } from '../../shared/domain';
import type { Result } from '../../shared/result';
import { exportExperiment } from '../exports';
import { importOptunaStudy, importWandbSweep } from '../imports/import-handlers';
import { loadExperiment } from '../api/experiment-source';
import { createBackend, type Backend, type BackendOptions } from '../backend';
import { SHUTDOWN_MODES, type ShutdownMode } from '../scheduler/scheduler';
import { detectGpus, sampleGpus } from '../runner/gpu/nvidia-smi';
import { NewerDatabaseError } from '../store/database';
import { resolveDatabasePath } from '../paths';
import { DEFAULT_PORT, startServer } from '../server/server';
import { formatValue, progressLine } from './progress';

const USAGE = `Tundra: hyperparameter tuning on your own machine.

Usage:
  tundra run FILE [--db PATH] [--on-exit M]   run an experiment file to its budget, with progress
  tundra resume EXPERIMENT [--db PATH] [--on-exit M]
                                              take over an experiment a crashed Tundra left running
                                              (live trials re-adopted), or continue a stopped one
  tundra serve [--db PATH] [--port N] [--on-exit M]
                                              the app headless: open the printed address in a browser
  tundra list [--db PATH]                     the experiments in the database
  tundra export EXPERIMENT --format F [--trial N] [--out FILE] [--db PATH]
                                              an experiment (id or name) as F (below); the trial
                                              formats describe the best trial, or trial N
  tundra import SWEEP.yaml [--out FILE]        a W&B sweep configuration -> a Tundra experiment file
                                              (printed, or saved), with what did not carry over
  tundra import STUDY.db --optuna [--study NAME] [--db PATH]
                                              an Optuna study (SQLite storage), read-only, as a
                                              finished experiment to view, compare and export

Export formats (--format):
${EXPORT_FORMATS.map((format) => `  ${format.padEnd(13)} ${EXPORT_FORMAT_INFO[format].label}`).join('\n')}

--on-exit: what Ctrl-C does to running trials: stop (default), freeze (checkpoint and exit;
thaw later), or leave (they keep running; tundra resume or the app re-adopts them).
The database is --db, else TUNDRA_DB, else tundra.db in your user-data folder (shared with the desktop app).`;

class UsageError extends Error {}

/** What happens to running trials as Tundra leaves, in words. */
const EXIT_MESSAGES: Readonly<Record<ShutdownMode, string>> = {
  stop: 'Stopping the running trials',
  freeze: 'Freezing the running trials',
  leave: 'Leaving the running trials running',
};

function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new UsageError(result.error.message);
}

function openBackend(db: string | undefined, recover: BackendOptions['recover']): Backend {
  return createBackend({ databaseFile: resolveDatabasePath(db), recover });
}

/** For commands that run trials: the GPUs first (nvidia-smi), so the first experiment sees them. */
async function openRunningBackend(db: string | undefined, recover: BackendOptions['recover']): Promise<Backend> {
  const initial = await detectGpus();
  if (initial.kind === 'none') process.stderr.write(`(${initial.reason})\n`);
  return createBackend({ databaseFile: resolveDatabasePath(db), recover, gpus: { initial, sample: () => sampleGpus() } });
}

function parseOnExit(value: string | undefined): ShutdownMode {
  if (value === undefined) return 'stop';
  if ((SHUTDOWN_MODES as readonly string[]).includes(value)) return value as ShutdownMode;
  throw new UsageError(`--on-exit must be one of ${SHUTDOWN_MODES.join(', ')}`);
}

async function runCommand(file: string, db: string | undefined, onExit: ShutdownMode): Promise<number> {
  const loaded = unwrap(loadExperiment({ kind: 'path', path: file }));
  const backend = await openRunningBackend(db, 'none');
  const id = backend.store.experiments.create(loaded, Date.now());
  const started = backend.scheduler.start(id);
  if (!started.ok) {
    await backend.close();
    throw new UsageError(started.error.message);
  }
  return followExperiment(backend, started.value, onExit);
}

/**
 * Takes over an experiment a Tundra that went away left running (live trials re-adopted, their
 * output since read from the log files), or continues a stopped or paused one (frozen trials
 * thawed), and follows it to its end.
 */
async function resumeCommand(reference: string, db: string | undefined, onExit: ShutdownMode): Promise<number> {
  const probe = openBackend(db, 'none');
  const target = findExperiment(probe, reference);
  await probe.close();
  const backend = await openRunningBackend(db, target.id);
  let experiment = backend.store.experiments.get(target.id)!;
  // Taken over as it was: a running one just goes on; a paused, frozen or stopped one is resumed.
  if (!backend.scheduler.isRunning(target.id) || experiment.state === 'paused') {
    const resumed = backend.scheduler.resumeExperiment(target.id);
    if (!resumed.ok) {
      await backend.close();
      throw new UsageError(resumed.error.message);
    }
    experiment = resumed.value;
  }
  return followExperiment(backend, experiment, onExit);
}

/** Progress on stderr until the experiment ends; Ctrl-C ends it as --on-exit says. */
async function followExperiment(backend: Backend, start: Experiment, onExit: ShutdownMode): Promise<number> {
  const id = start.id;
  const live = process.stderr.isTTY === true;
  let latest: Experiment = start;
  let lastPrinted = '';
  const draw = () => {
    const line = progressLine(latest, Date.now());
    if (live) process.stderr.write(`\r\x1b[2K${line}`);
    else if (line !== lastPrinted) process.stderr.write(`${line}\n`);
    lastPrinted = line;
  };
  process.stderr.write(`Running "${latest.name}" (experiment ${id}) in ${backend.store.file}\n`);
  const unsubscribe = backend.hub.subscribe((message) => {
    if (message.event !== 'experiments/updated') return;
    const mine = message.payload.find((experiment) => experiment.id === id);
    if (mine) {
      latest = mine;
      draw();
    }
  });
  // Also what keeps Node alive while only trial processes (not Node handles) are at work.
  const ticker = setInterval(() => (live ? draw() : undefined), 1000);
  let interrupts = 0;
  let resolveLeft!: (value: null) => void;
  const left = new Promise<null>((resolve) => (resolveLeft = resolve));
  const onInterrupt = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write(`\n${EXIT_MESSAGES[onExit]} (Ctrl-C again to quit at once)...\n`);
    if (onExit === 'stop') backend.scheduler.stopExperiment(id);
    else void backend.close(onExit).then(() => resolveLeft(null));
  };
  const onHangUp = hangUpHandler(onInterrupt);
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  process.on('SIGHUP', onHangUp);

  const finished = await Promise.race([backend.scheduler.whenFinished(id), left]);
  clearInterval(ticker);
  process.off('SIGINT', onInterrupt);
  process.off('SIGTERM', onInterrupt);
  process.off('SIGHUP', onHangUp);
  if (finished === null || finished.state === 'paused') {
    await backend.close(onExit);
    // Frozen or left running: the database is already closed.
    unsubscribe();
    process.stderr.write(`Experiment ${id}: trials ${onExit === 'freeze' ? 'frozen' : 'left running'}; \`tundra resume ${id}\` continues it.\n`);
    return 130;
  }
  backend.hub.flush(true);
  unsubscribe();
  latest = finished;
  draw();
  if (live) process.stderr.write('\n');

  const output: string[] = [`Experiment ${id} "${finished.name}" ${finished.state}.`];
  if (finished.message) output.push(finished.message);
  if (finished.best) {
    output.push(`Best: trial ${finished.best.number} with ${finished.spec.objective.metric} = ${formatValue(finished.best.value)}`);
    for (const [name, value] of Object.entries(finished.best.params)) output.push(`  ${name}: ${JSON.stringify(value)}`);
  }
  process.stdout.write(`${output.join('\n')}\n`);
  await backend.close();
  return finished.state === 'completed' ? 0 : finished.state === 'stopped' ? 130 : 1;
}

/**
 * SIGHUP (the terminal closed: an ssh session dropped, a terminal window shut) is a quit like
 * Ctrl-C, with the --on-exit choice, instead of Node's default of dying on the spot with trials
 * neither frozen nor recorded. The terminal is gone, so writes to it may fail from here on:
 * those errors are dropped rather than thrown in the middle of the shutdown.
 */
function hangUpHandler(quit: () => void): () => void {
  return () => {
    const ignore = () => undefined;
    process.stdout.on('error', ignore);
    process.stderr.on('error', ignore);
    quit();
  };
}

async function serveCommand(db: string | undefined, portText: string | undefined, onExit: ShutdownMode): Promise<number> {
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got ${portText}`);
  const backend = await openRunningBackend(db, 'all');
  let server;
  try {
    server = await startServer({
      backend,
      staticDir: path.resolve(__dirname, '..', 'renderer'),
      port,
      fallbackToFreePort: portText === undefined,
    });
  } catch (error) {
    await backend.close('leave');
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(`--port ${port} is in use on 127.0.0.1 (another tundra serve?); choose another with --port, or stop what listens there`);
    }
    throw error;
  }
  // Listening before the address is printed: a Ctrl-C the moment it appears still closes cleanly.
  const quit = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    process.once('SIGHUP', hangUpHandler(() => resolve()));
  });
  process.stdout.write(`Tundra is serving ${backend.store.file}\nOpen ${server.url}\n`);
  await quit;
  process.stdout.write(`${EXIT_MESSAGES[onExit]}...\n`);
  await server.close();
  await backend.close(onExit);
  return 0;
}

function findExperiment(backend: Backend, reference: string): Experiment {
  const byId = /^\d+$/.test(reference) ? backend.store.experiments.get(Number(reference)) : undefined;
  const found = byId ?? backend.store.experiments.list().find((experiment) => experiment.name === reference);
  if (!found) throw new UsageError(`No experiment "${reference}" in ${backend.store.file}; see tundra list`);
  return found;
}

async function listCommand(db: string | undefined): Promise<number> {
  const backend = openBackend(db, 'none');
  const experiments = backend.store.experiments.list();
  if (experiments.length === 0) process.stdout.write(`No experiments yet in ${backend.store.file}.\n`);
  for (const experiment of experiments) {
    const { counts } = experiment;
    const done = counts.completed + counts.failed + counts.stopped;
    const best = experiment.best ? `${experiment.spec.objective.metric}=${formatValue(experiment.best.value)}` : '-';
    process.stdout.write(
      `${String(experiment.id).padStart(4)}  ${experiment.name.padEnd(24)} ${experiment.state.padEnd(10)} ${`${done}/${experiment.spec.budget.trials}`.padEnd(9)} best ${best}${experiment.origin ? '  (imported, read-only)' : ''}\n`,
    );
  }
  await backend.close();
  return 0;
}

function writeOutput(content: string, out: string | undefined): void {
  if (out) {
    writeFileSync(out, content);
    process.stderr.write(`Wrote ${path.resolve(out)}\n`);
  } else {
    process.stdout.write(content);
  }
}

async function exportCommand(reference: string, format: string | undefined, trial: string | undefined, out: string | undefined, db: string | undefined): Promise<number> {
  if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  }
  if (trial !== undefined && !/^[1-9]\d*$/.test(trial)) throw new UsageError(`--trial must be a trial number (1, 2, ...), got "${trial}"`);
  if (trial !== undefined && EXPORT_FORMAT_INFO[format as ExportFormat].scope === 'experiment') {
    throw new UsageError(`--trial applies to ${EXPORT_FORMATS.filter((f) => EXPORT_FORMAT_INFO[f].scope === 'trial').join(', ')}; --format ${format} covers the whole experiment`);
  }
  const backend = openBackend(db, 'none');
  try {
    const experiment = findExperiment(backend, reference);
    const trials = backend.store.trials.listByExperiment(experiment.id);
    const exported = unwrap(exportExperiment(experiment, trials, format as ExportFormat, { trialField: '--trial', ...(trial === undefined ? {} : { trialNumber: Number(trial) }) }));
    writeOutput(exported.content, out);
  } finally {
    await backend.close();
  }
  return 0;
}

/** A W&B sweep becomes an experiment file (nothing stored); an Optuna study becomes read-only history in the database. */
async function importCommand(file: string, values: { optuna?: boolean; study?: string; out?: string; db?: string }): Promise<number> {
  const absolute = path.resolve(file);
  if (values.optuna) {
    if (values.out) throw new UsageError('--out is for W&B sweeps; an Optuna study is stored in the database (--db) instead');
    const backend = openBackend(values.db, 'none');
    try {
      const imported = unwrap(importOptunaStudy({ store: backend.store, hub: backend.hub, now: Date.now }, absolute, values.study));
      const { experiment } = imported;
      process.stdout.write(
        `Imported ${experiment.origin?.source ?? absolute} as experiment ${experiment.id} "${experiment.name}" (read-only) in ${backend.store.file}: ` +
          `${experiment.counts.completed} completed, ${experiment.counts.stopped} pruned, ${experiment.counts.failed} failed, ${experiment.counts.interrupted} interrupted.\n`,
      );
      if (experiment.best) process.stdout.write(`Best: trial ${experiment.best.number} with ${experiment.spec.objective.metric} = ${formatValue(experiment.best.value)}\n`);
      for (const line of formatImportReport(imported.report)) process.stderr.write(`  ${line}\n`);
    } finally {
      await backend.close();
    }
    return 0;
  }
  if (values.study) throw new UsageError('--study is for Optuna studies; add --optuna');
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${absolute}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : String(error)}`);
  }
  if (text.startsWith('SQLite format 3')) throw new UsageError(`${absolute} is an SQLite database; to import an Optuna study add --optuna`);
  const sweepDir = path.dirname(absolute);
  // The experiment file's workdir is relative to where it is saved: the sweep's program stays found.
  const workdir = values.out ? path.relative(path.dirname(path.resolve(values.out)), sweepDir) || '.' : '.';
  const imported = unwrap(importWandbSweep(text, sweepDir, { fallbackName: path.basename(absolute, path.extname(absolute)), workdir }));
  writeOutput(imported.yaml, values.out);
  for (const line of formatImportReport(imported.report)) process.stderr.write(`  ${line}\n`);
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      trial: { type: 'string' },
      optuna: { type: 'boolean' },
      study: { type: 'string' },
      'on-exit': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined && !values.help ? 2 : 0;
  }
  switch (command) {
    case 'run':
      if (rest.length !== 1) throw new UsageError('tundra run needs one experiment file, e.g. tundra run resources/examples/quickstart/experiment.yaml');
      return runCommand(rest[0]!, values.db, parseOnExit(values['on-exit']));
    case 'resume':
      if (rest.length !== 1) throw new UsageError('tundra resume needs an experiment id or name; see tundra list');
      return resumeCommand(rest[0]!, values.db, parseOnExit(values['on-exit']));
    case 'serve':
      return serveCommand(values.db, values.port, parseOnExit(values['on-exit']));
    case 'list':
      return listCommand(values.db);
    case 'export':
      if (rest.length !== 1) throw new UsageError('tundra export needs an experiment id or name; see tundra list');
      return exportCommand(rest[0]!, values.format, values.trial, values.out, values.db);
    case 'import':
      if (rest.length !== 1) throw new UsageError('tundra import needs one file: a W&B sweep (sweep.yaml) or, with --optuna, an Optuna SQLite storage (study.db)');
      return importCommand(rest[0]!, values);
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

/**
 * A reader that went away (`tundra serve | head -2`, a closed pager) is not a reason to crash in
 * the middle of work or of a shutdown that freezes trials and closes the database: what would
 * have been printed has no one to read it. Other write errors still surface.
 */
function ignoreClosedReader(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
ignoreClosedReader(process.stdout);
ignoreClosedReader(process.stderr);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const expected = error instanceof UsageError || error instanceof NewerDatabaseError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
    process.stderr.write(`tundra: ${expected ? (error as Error).message : String((error as Error).stack ?? error)}\n`);
    process.exitCode = expected ? 2 : 1;
  },
);
