import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { experimentYaml, waitFor } from '../support/backend';
import { checkpointingTrainer, repoRoot, tempDir } from '../support/paths';

/** Ctrl-C on `tundra run` with --on-exit freeze | leave, then `tundra resume`: the quit choices, headless. */

const cli = path.join(repoRoot, 'dist', 'main', 'cli.cjs');

beforeAll(() => {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--quiet'], { cwd: repoRoot });
});

function tundra(args: string[]): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [cli, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

function rows<T>(db: string, sql: string): T[] {
  try {
    const connection = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return connection.prepare(sql).all() as T[];
    } finally {
      connection.close();
    }
  } catch {
    return [];
  }
}

function setup(): { db: string; file: string } {
  const dir = tempDir();
  const file = path.join(dir, 'experiment.yaml');
  writeFileSync(
    file,
    experimentYaml({
      name: 'exit-modes',
      command: ['python3', checkpointingTrainer, '--steps=60', '--sleep=0.05', '--scale={x}'],
      budget: { trials: 2, parallel: 2 },
    }).replace('workdir: .', `workdir: ${JSON.stringify(repoRoot)}`),
  );
  return { db: path.join(dir, 'tundra.db'), file };
}

describe.skipIf(process.platform === 'win32')('tundra run --on-exit, then tundra resume', () => {
  it('freeze: Ctrl-C checkpoints the trials and exits; resume thaws them from their checkpoints and finishes', { timeout: 60_000 }, async () => {
    const { db, file } = setup();
    const run = tundra(['run', file, '--db', db, '--on-exit', 'freeze']);
    await waitFor(() => rows<{ n: number }>(db, "SELECT COUNT(*) AS n FROM trials WHERE state = 'running' AND last_step >= 3")[0]?.n === 2, 20_000, 'two trials past step 3');
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(130);
    expect(run.output()).toMatch(/trials frozen; `tundra resume 1` continues it/);
    const frozen = rows<{ state: string; message: string; last_step: number }>(db, 'SELECT state, message, last_step FROM trials');
    expect(frozen.map((t) => t.state)).toEqual(['frozen', 'frozen']);
    expect(frozen.every((t) => /checkpoint saved/.test(t.message))).toBe(true);
    expect(rows<{ state: string }>(db, 'SELECT state FROM experiments')[0]?.state).toBe('paused');

    const resume = tundra(['resume', '1', '--db', db]);
    expect(await resume.exit).toBe(0);
    expect(resume.output()).toMatch(/Experiment 1 "exit-modes" completed/);
    const done = rows<{ state: string; thaws: number; last_step: number }>(db, 'SELECT state, thaws, last_step FROM trials');
    expect(done).toEqual([
      { state: 'completed', thaws: 1, last_step: 59 },
      { state: 'completed', thaws: 1, last_step: 59 },
    ]);
    const steps = rows<{ n: number }>(db, "SELECT COUNT(*) AS n FROM metrics WHERE name = 'val_loss'")[0]?.n;
    expect(steps).toBe(120);
  });

  it('freeze: a hang-up (SIGHUP, the terminal closing) quits as Ctrl-C does, and the trials are frozen, not orphaned', { timeout: 60_000 }, async () => {
    const { db, file } = setup();
    const run = tundra(['run', file, '--db', db, '--on-exit', 'freeze']);
    await waitFor(() => rows<{ n: number }>(db, "SELECT COUNT(*) AS n FROM trials WHERE state = 'running' AND last_step >= 3")[0]?.n === 2, 20_000, 'two trials past step 3');
    run.child.kill('SIGHUP');
    expect(await run.exit).toBe(130);
    const frozen = rows<{ state: string; message: string }>(db, 'SELECT state, message FROM trials');
    expect(frozen.map((t) => t.state)).toEqual(['frozen', 'frozen']);
    expect(frozen.every((t) => /checkpoint saved/.test(t.message))).toBe(true);
  });

  it('serve: a hang-up closes the server and the database as Ctrl-C does', { timeout: 60_000 }, async () => {
    const { db } = setup();
    const serve = tundra(['serve', '--db', db, '--port', '0']);
    await waitFor(() => /Open http/.test(serve.output()), 20_000, 'serve to print its address');
    serve.child.kill('SIGHUP');
    expect(await serve.exit).toBe(0);
    expect(serve.output()).toMatch(/\.\.\.\n$/);
  });

  it('serve: a reader that went away (serve | head -2) does not crash the shutdown', { timeout: 60_000 }, async () => {
    const { db } = setup();
    const serve = spawn(process.execPath, [cli, 'serve', '--db', db, '--port', '0'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    serve.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    let printed = '';
    await new Promise<void>((resolve) =>
      serve.stdout.on('data', (chunk: Buffer) => {
        printed += chunk.toString();
        if (/Open http/.test(printed)) resolve();
      }),
    );
    // What head does after its lines: close its end of the pipe, so the next write fails with EPIPE.
    serve.stdout.destroy();
    const exit = new Promise<number | null>((resolve) => serve.once('exit', (code) => resolve(code)));
    serve.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(errors).not.toMatch(/EPIPE|Error/);
  });

  it('leave: Ctrl-C leaves the trials training; resume re-adopts them with their output meanwhile', { timeout: 60_000 }, async () => {
    const { db, file } = setup();
    const run = tundra(['run', file, '--db', db, '--on-exit', 'leave']);
    await waitFor(() => rows<{ n: number }>(db, "SELECT COUNT(*) AS n FROM trials WHERE state = 'running' AND last_step >= 3")[0]?.n === 2, 20_000, 'two trials past step 3');
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(130);
    expect(run.output()).toMatch(/trials left running/);
    expect(rows<{ state: string }>(db, 'SELECT state FROM trials').map((t) => t.state)).toEqual(['running', 'running']);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const resume = tundra(['resume', '1', '--db', db]);
    expect(await resume.exit).toBe(0);
    const done = rows<{ state: string; thaws: number; last_step: number; message: string }>(db, 'SELECT state, thaws, last_step, message FROM trials');
    expect(done.map((t) => [t.state, t.thaws, t.last_step])).toEqual([
      ['completed', 0, 59],
      ['completed', 0, 59],
    ]);
    expect(done.every((t) => /re-adopted/.test(t.message))).toBe(true);
    expect(rows<{ n: number }>(db, "SELECT COUNT(*) AS n FROM metrics WHERE name = 'val_loss'")[0]?.n).toBe(120);
  });
});
