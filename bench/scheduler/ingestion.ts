import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createBackend } from '../../main/backend';
import { parseMetricLine } from '../../main/runner/metric-line';
import { startServer } from '../../main/server/server';
import { Store } from '../../main/store/store';
import { createExperiment, parseScriptClocks } from './experiment';
import { floodLine } from './fixtures';
import { msBetween, pollUntil, sleep } from './stats';
import { WS_CLIENT_FLAG, type ClientReport, type FromClient, type ToClient } from './ws-client';

/**
 * Metric ingestion: `trials` trials at once (budget.parallel = trials), each printing
 * `pointsPerTrial / 2` lines of two metrics as fast as it can, through the real scheduler with
 * `serve` running and a WebSocket client (another process) receiving the pushes. Baseline: the
 * same number of points inserted straight into a fresh Tundra database with better-sqlite3.
 */
export interface IngestionResult {
  readonly trials: number;
  readonly expectedPoints: number;
  readonly storedPoints: number;
  /** From scheduler.start to every trial settled (which is when all its points are stored). */
  readonly seconds: number;
  /** The last producer wrote its last line this long after scheduler.start. */
  readonly producersDoneSeconds: number;
  /** Points/s between 10% and 90% of the points announced by the event hub (after storing). */
  readonly sustainedPointsPerSecond: number;
  readonly pushedPoints: number;
  /** metrics/appended pushes from the hub, and the most points one carried. */
  readonly pushes: number;
  readonly largestPush: number;
  readonly client: ClientReport;
  /** When the client got its last metrics frame, after scheduler.start. */
  readonly clientLastSeconds: number | null;
  /** Until all points were stored: the longest time Tundra's event loop ran no timer. */
  readonly longestStallMs: number;
  /** Until all points were stored: the gaps between 10 ms ticks longer than 20 ms, summed. */
  readonly stalledSeconds: number;
  /** After that, while the pushes went out to the client: the longest time without a timer. */
  readonly longestPushStallMs: number;
  readonly rawSeconds: number;
  readonly rawBatch: number;
  /** parseMetricLine alone over one trial's lines, as points/s (two points a line). */
  readonly parsePointsPerSecond: number;
}

const TICK_MS = 10;

/** Gaps between the ticks of a TICK_MS interval: how long timers (and so API calls) had to wait. */
class StallMeter {
  longestMs = 0;
  stalledMs = 0;
  private last = process.hrtime.bigint();

  reset(at: bigint): void {
    this.last = at;
  }

  tick(at = process.hrtime.bigint()): void {
    const late = msBetween(this.last, at) - TICK_MS;
    this.longestMs = Math.max(this.longestMs, late);
    if (late > TICK_MS) this.stalledMs += late;
    this.last = at;
  }
}

function startClient(url: string, token: string): Promise<ChildProcess> {
  const child = fork(__filename, [WS_CLIENT_FLAG], { env: { ...process.env, BENCH_WS_URL: url, BENCH_WS_TOKEN: token }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message: FromClient) => (message.kind === 'ready' ? resolve(child) : reject(new Error(`WebSocket client: ${message.kind === 'failed' ? message.message : message.kind}`))));
    child.once('exit', (code) => reject(new Error(`WebSocket client exited with ${code}`)));
  });
}

function askClient(child: ChildProcess): Promise<ClientReport> {
  return new Promise((resolve) => {
    const onMessage = (message: FromClient) => {
      if (message.kind !== 'report') return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.send({ kind: 'report' } satisfies ToClient);
  });
}

function rawInserts(dir: string, trials: number, linesPerTrial: number, batchPoints: number): number {
  const store = Store.open(path.join(dir, 'raw.db'));
  try {
    const experimentId = createExperiment(store, { command: ['node'], objective: { metric: 'loss', mode: 'min' }, budget: { trials, parallel: trials } });
    const trialIds = Array.from({ length: trials }, () => store.trials.create(experimentId, { x: 0.5 }, (n) => path.join(dir, `raw-${n}`), Date.now()).id);
    const insert = store.db.prepare('INSERT OR REPLACE INTO metrics (trial_id, name, step, value, time) VALUES (?, ?, ?, ?, ?)');
    const writeLines = store.db.transaction((trialId: number, from: number, to: number, now: number) => {
      for (let step = from; step < to; step++) {
        const loss = 1 / (step + 1) + (step % 7) * 1e-4;
        insert.run(trialId, 'loss', step, loss, now);
        insert.run(trialId, 'acc', step, 1 - loss / 2, now);
      }
    });
    const linesPerBatch = Math.max(1, Math.floor(batchPoints / 2));
    const started = performance.now();
    // Round robin over the trials, as the scheduler's flushes interleave them.
    for (let from = 0; from < linesPerTrial; from += linesPerBatch) {
      for (const trialId of trialIds) writeLines(trialId, from, Math.min(linesPerTrial, from + linesPerBatch), Date.now());
    }
    return (performance.now() - started) / 1000;
  } finally {
    store.close();
  }
}

function parseRate(lines: number): number {
  const text = Array.from({ length: lines }, (_, step) => floodLine(step));
  const started = performance.now();
  let points = 0;
  for (const line of text) {
    const parsed = parseMetricLine(line);
    if (parsed.kind === 'report') points += Object.keys(parsed.metrics).length;
  }
  return points / ((performance.now() - started) / 1000);
}

export async function measureIngestion(floodTrial: string, trials: number, pointsPerTrial: number, rawBatch: number, dir: string): Promise<IngestionResult> {
  const linesPerTrial = Math.ceil(pointsPerTrial / 2);
  const expectedPoints = trials * linesPerTrial * 2;
  const staticDir = path.join(dir, 'static');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Tundra</title>');

  // As `tundra serve` wires it: the default hub batching (250 ms) and a token-checked socket.
  const backend = createBackend({ databaseFile: path.join(dir, 'tundra.db'), recover: 'none' });
  const server = await startServer({ backend, staticDir, port: 0 });
  let client: ChildProcess | null = null;
  try {
    client = await startClient(`ws://127.0.0.1:${server.port}/api/events`, server.token);
    const announced: { at: bigint; total: number }[] = [];
    let pushedPoints = 0;
    let largestPush = 0;
    const unsubscribe = backend.hub.subscribe((message) => {
      if (message.event !== 'metrics/appended') return;
      pushedPoints += message.payload.length;
      largestPush = Math.max(largestPush, message.payload.length);
      announced.push({ at: process.hrtime.bigint(), total: pushedPoints });
    });
    const id = createExperiment(backend.store, {
      command: [process.execPath, floodTrial, String(linesPerTrial), '--x={x}'],
      objective: { metric: 'loss', mode: 'min' },
      budget: { trials, parallel: trials },
    });
    // What an API call or a push timer would wait: a 10 ms interval and the gaps between its ticks,
    // split at "all stored" (the gap running then is closed by hand: the last settle resolves
    // whenFinished before the loop runs a timer again). perf_hooks' monitorEventLoopDelay missed
    // exactly that last gap, so this is measured plainly.
    const stalls = { ingest: new StallMeter(), push: new StallMeter() };
    let meter = stalls.ingest;
    const ticker = setInterval(() => meter.tick(), TICK_MS);
    const startedAt = process.hrtime.bigint();
    const started = backend.scheduler.start(id);
    if (!started.ok) throw new Error(started.error.message);
    const done = await backend.scheduler.whenFinished(id);
    const finishedAt = process.hrtime.bigint();
    stalls.ingest.tick(finishedAt);
    meter = stalls.push;
    meter.reset(finishedAt);
    if (done.state !== 'completed' || done.counts.completed !== trials) {
      throw new Error(`ingestion experiment ended ${done.state} with ${done.counts.completed}/${trials} trials completed: ${done.message ?? ''}`);
    }
    const storedPoints = backend.store.db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM metrics m JOIN trials t ON t.id = m.trial_id WHERE t.experiment_id = ?').get(id)!.n;

    // The client gets the last batch up to one hub period later, plus the transfer.
    let report = await askClient(client);
    let lastChange = Date.now();
    while (report.points < storedPoints && report.closed === null && Date.now() - lastChange < 5000) {
      await sleep(200);
      const next = await askClient(client);
      if (next.points !== report.points) lastChange = Date.now();
      report = next;
    }
    unsubscribe();
    clearInterval(ticker);
    stalls.push.tick();

    const clocks = backend.store.trials.listByExperiment(id).flatMap((trial) => parseScriptClocks(readFileSync(path.join(trial.dir, 'stderr.log'), 'utf8')));
    const producersDone = clocks.reduce((latest, clock) => (clock.end > latest ? clock.end : latest), startedAt);
    const at = (fraction: number) => announced.find((entry) => entry.total >= fraction * expectedPoints);
    const low = at(0.1);
    const high = at(0.9);
    // Needs the points spread over several pushes; a run small enough to land in one or two has no such rate.
    const sustained = low && high && high.at > low.at ? (high.total - low.total) / (msBetween(low.at, high.at) / 1000) : Number.NaN;

    return {
      trials,
      expectedPoints,
      storedPoints,
      seconds: msBetween(startedAt, finishedAt) / 1000,
      producersDoneSeconds: msBetween(startedAt, producersDone) / 1000,
      sustainedPointsPerSecond: sustained,
      pushedPoints,
      pushes: announced.length,
      largestPush,
      client: report,
      clientLastSeconds: report.lastPointsAt === null ? null : msBetween(startedAt, BigInt(report.lastPointsAt)) / 1000,
      longestStallMs: stalls.ingest.longestMs,
      stalledSeconds: stalls.ingest.stalledMs / 1000,
      longestPushStallMs: stalls.push.longestMs,
      rawSeconds: rawInserts(dir, trials, linesPerTrial, rawBatch),
      rawBatch,
      parsePointsPerSecond: parseRate(linesPerTrial),
    };
  } finally {
    if (client?.connected) {
      client.send({ kind: 'close' } satisfies ToClient);
      await pollUntil(() => client!.exitCode !== null || client!.signalCode !== null, 'the WebSocket client to exit', 5000, 20).catch(() => client!.kill());
    }
    await server.close();
    await backend.close();
  }
}
