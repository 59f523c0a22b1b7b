import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { experimentYaml, waitFor } from '../support/backend';
import { repoRoot, tempDir, trainerFixture } from '../support/paths';

/**
 * Tundra killed with SIGKILL mid-experiment, again and again: its trials (own process groups,
 * output to files) keep running; each `tundra resume` re-adopts the live ones and reads what they
 * wrote meanwhile. Nothing that reached the database is ever lost, the database stays intact, the
 * experiment finishes with every trial's whole curve, and no process is left behind.
 */

const cli = path.join(repoRoot, 'dist', 'main', 'cli.cjs');
const STEPS = 40;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--quiet'], { cwd: repoRoot });
});

function tundra(args: string[]): ChildProcess {
  return spawn(process.execPath, [cli, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** Every stored metric point as "trial/name/step=value", read through a separate connection. */
function storedPoints(db: string): Set<string> {
  if (!existsSync(db)) return new Set();
  const connection = new Database(db, { readonly: true, fileMustExist: true });
  try {
    // Before the first Tundra has migrated it, the file is empty.
    if (!connection.prepare("SELECT 1 FROM sqlite_master WHERE name = 'metrics'").get()) return new Set();
    const rows = connection.prepare('SELECT trial_id, name, step, value FROM metrics').all() as { trial_id: number; name: string; step: number; value: number }[];
    return new Set(rows.map((r) => `${r.trial_id}/${r.name}/${r.step}=${r.value}`));
  } finally {
    connection.close();
  }
}

function query<T>(db: string, sql: string): T[] {
  const connection = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return connection.prepare(sql).all() as T[];
  } finally {
    connection.close();
  }
}

/** Live (non-zombie) processes whose command line mentions `marker`. */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (cmdline.includes(marker) && !/^\d+ \(.*\) [ZX]/.test(stat)) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describe.skipIf(process.platform !== 'linux')('crash recovery (kill -9 of Tundra itself)', () => {
  it('re-adopts live trials after each kill, loses nothing stored, and finishes with whole curves and no orphans', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const db = path.join(dir, 'tundra.db');
    const file = path.join(dir, 'experiment.yaml');
    // A marker in argv finds this test's trial processes, and only them.
    const marker = `--marker=${path.basename(dir)}`;
    writeFileSync(
      file,
      experimentYaml({
        name: 'crash-loop',
        command: ['python3', trainerFixture, `--steps=${STEPS}`, '--sleep=0.08', '--scale={x}', marker],
        budget: { trials: 3, parallel: 2 },
      }).replace('workdir: .', `workdir: ${JSON.stringify(repoRoot)}`),
    );

    let tundraProcess = tundra(['run', file, '--db', db]);
    await waitFor(() => storedPoints(db).size >= 4, 20_000, 'first metrics');
    let before = storedPoints(db);
    tundraProcess.kill('SIGKILL');
    await exited(tundraProcess);
    // The trials outlive it: they are not its children in any way that kills them.
    expect(processesWith(marker).length).toBeGreaterThan(0);

    for (let round = 0; round < 3; round++) {
      // Let the orphaned trials print some steps no Tundra is reading.
      await new Promise((resolve) => setTimeout(resolve, 400));
      tundraProcess = tundra(['resume', '1', '--db', db]);
      await waitFor(() => storedPoints(db).size > before.size + 2, 20_000, `progress after resume ${round + 1}`);
      const now = storedPoints(db);
      const missing = [...before].filter((point) => !now.has(point));
      expect(missing).toEqual([]);
      before = now;
      tundraProcess.kill('SIGKILL');
      await exited(tundraProcess);
      const integrity = query<{ integrity_check: string }>(db, 'PRAGMA integrity_check');
      expect(integrity).toEqual([{ integrity_check: 'ok' }]);
    }

    tundraProcess = tundra(['resume', '1', '--db', db]);
    let output = '';
    tundraProcess.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    tundraProcess.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    expect(await exited(tundraProcess)).toBe(0);
    expect(output).toMatch(/Experiment 1 "crash-loop" completed/);

    const after = storedPoints(db);
    expect([...before].filter((point) => !after.has(point))).toEqual([]);
    const trials = query<{ id: number; state: string; last_step: number; message: string | null }>(db, 'SELECT id, state, last_step, message FROM trials ORDER BY id');
    const completed = trials.filter((t) => t.state === 'completed');
    expect(completed.length).toBe(3);
    // Re-adopted trials read what they printed while no Tundra ran: their curves are whole.
    for (const trial of completed) {
      const steps = query<{ step: number }>(db, `SELECT step FROM metrics WHERE trial_id = ${trial.id} AND name = 'val_loss' ORDER BY step`).map((r) => r.step);
      expect(steps).toEqual([...Array(STEPS).keys()]);
    }
    // Live trials were taken over after the kills (each adoption is an event). Whether one is still
    // alive at the very last resume depends on timing, so the trials' final messages cannot say.
    const events = query<{ message: string }>(db, 'SELECT message FROM events').map((e) => e.message);
    expect(events.filter((m) => /^trial \d+ re-adopted \(pid \d+\)$/.test(m)).length).toBeGreaterThan(0);
    expect(events.some((m) => /recovered after Tundra restarted: [1-9]\d* live trial\(s\) re-adopted/.test(m))).toBe(true);
    expect(query(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    await waitFor(() => processesWith(marker).length === 0, 5000, 'no trial processes left');
  });
});
