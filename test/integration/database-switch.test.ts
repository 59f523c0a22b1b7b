import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiReply } from '../../shared/api';
import type { Experiment } from '../../shared/domain';
import type { EventMessage } from '../../shared/protocol';
import { MIGRATIONS } from '../../main/store/migrations';
import { Store } from '../../main/store/store';
import { experimentYaml, openTestBackend, waitFor, type TestBackend } from '../support/backend';
import { repoRoot, tempDir, trainerFixture } from '../support/paths';

/** Switching the back end to another SQLite file through the API, with real files and real trial processes. */

const open: TestBackend[] = [];
afterEach(async () => {
  for (const backend of open.splice(0)) await backend.close();
});

async function createExperiment(b: TestBackend, name: string, flags: string[] = ['--steps=2', '--sleep=0.01']): Promise<Experiment> {
  const yaml = experimentYaml({ name, command: ['python3', trainerFixture, '--scale={x}', ...flags], search: { algorithm: 'random', seed: 1 } });
  const reply = (await b.dispatch('experiments/create', { source: { kind: 'text', yaml, baseDir: repoRoot } })) as ApiReply<'experiments/create'>;
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value;
}

async function names(b: TestBackend): Promise<string[]> {
  const reply = (await b.dispatch('experiments/list', {})) as ApiReply<'experiments/list'>;
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value.map((experiment) => experiment.name).sort();
}

async function openFile(b: TestBackend, file: string): Promise<ApiReply<'databases/open'>> {
  return (await b.dispatch('databases/open', { path: file })) as ApiReply<'databases/open'>;
}

describe('opening another database file', () => {
  it('switches to a new file and back, each showing its own experiments and runs, and tells clients to reload', async () => {
    const b = openTestBackend();
    open.push(b);
    const pushes: EventMessage[] = [];
    b.hub.subscribe((message) => pushes.push(message));
    await createExperiment(b, 'in-first');
    const first = b.databaseFile;
    expect(await b.dispatch('databases/current', {})).toEqual({ ok: true, value: { file: first, runsDir: path.join(b.dir, 'tundra-runs'), created: true } });

    const second = path.join(tempDir(), 'other.db');
    const opened = await openFile(b, second);
    expect(opened).toEqual({ ok: true, value: { file: second, runsDir: path.join(path.dirname(second), 'other-runs'), created: true } });
    expect(existsSync(second)).toBe(true);
    expect(b.store.file).toBe(second);
    expect(await names(b)).toEqual([]);
    expect(pushes.filter((push) => push.event === 'database/opened').map((push) => push.payload)).toEqual([[opened.ok && opened.value]]);

    // The new file runs experiments of its own, with run folders beside it.
    const created = await createExperiment(b, 'in-second');
    expect(b.scheduler.start(created.id).ok).toBe(true);
    const done = await b.scheduler.whenFinished(created.id);
    expect(done.state).toBe('completed');
    const trials = b.store.trials.listByExperiment(created.id);
    expect(trials[0]!.dir.startsWith(path.join(path.dirname(second), 'other-runs'))).toBe(true);
    expect(await names(b)).toEqual(['in-second']);

    const back = await openFile(b, first);
    expect(back.ok && back.value.created).toBe(false);
    expect(await names(b)).toEqual(['in-first']);
    // The file that was left holds its experiment, as a fresh store reading it shows.
    const reread = Store.open(second);
    try {
      expect(reread.experiments.list().map((experiment) => experiment.name)).toEqual(['in-second']);
    } finally {
      reread.close();
    }
    await waitFor(() => pushes.some((push) => push.event === 'experiments/updated' && push.payload.some((experiment) => experiment.name === 'in-first')), 5_000, 'the reloaded list pushed');
  });

  it('is refused while an experiment of the open file runs, naming it, and works once it is stopped', async () => {
    const b = openTestBackend({ stopGraceMs: 500 });
    open.push(b);
    const running = await createExperiment(b, 'long-runner', ['--steps=400', '--sleep=0.05']);
    expect(b.scheduler.start(running.id).ok).toBe(true);
    await waitFor(() => b.scheduler.liveTrialCount() > 0, 10_000, 'a live trial');
    const other = path.join(tempDir(), 'other.db');

    const refused = await openFile(b, other);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('conflict');
      expect(refused.error.message).toBe(`"long-runner" is running in ${b.databaseFile}; stop it (or let it finish) before opening another database.`);
    }
    expect(existsSync(other)).toBe(false);
    expect(b.store.file).toBe(b.databaseFile);
    expect(b.scheduler.liveTrialCount()).toBeGreaterThan(0);

    expect(b.scheduler.stopExperiment(running.id).ok).toBe(true);
    await b.scheduler.whenFinished(running.id);
    expect((await openFile(b, other)).ok).toBe(true);
    expect(b.store.file).toBe(other);
  });

  it('refuses a relative path, a folder, a missing folder, a file that is not SQLite, another program\'s database and a newer schema, keeping the open file', async () => {
    const b = openTestBackend();
    open.push(b);
    await createExperiment(b, 'kept');
    const dir = tempDir();
    const errorOf = async (file: string) => {
      const reply = await openFile(b, file);
      if (reply.ok) throw new Error(`${file} was opened`);
      return reply.error;
    };

    expect((await errorOf('relative/tundra.db')).message).toMatch(/path: must be an absolute path on the machine that runs Tundra/);
    expect((await errorOf(dir)).message).toBe(`${dir} is a folder; give the path of a database file inside it, e.g. ${path.join(dir, 'tundra.db')}`);
    const missing = path.join(dir, 'nope', 'x.db');
    expect((await errorOf(missing)).message).toBe(`the folder ${path.dirname(missing)} does not exist; create it first, or choose a file in an existing folder`);
    expect(existsSync(path.dirname(missing))).toBe(false);

    const text = path.join(dir, 'notes.db');
    writeFileSync(text, 'these are not the tables you are looking for\n'.repeat(200));
    expect((await errorOf(text)).message).toMatch(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not a SQLite database`));

    const foreign = path.join(dir, 'optuna.db');
    const foreignDb = new Database(foreign);
    foreignDb.exec('CREATE TABLE studies (study_id INTEGER PRIMARY KEY, study_name TEXT)');
    foreignDb.close();
    expect((await errorOf(foreign)).message).toMatch(/is a SQLite database of another program/);
    const reopened = new Database(foreign);
    expect(reopened.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'studies' }]);
    reopened.close();

    const newer = path.join(dir, 'newer.db');
    const newerStore = Store.open(newer);
    newerStore.db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    newerStore.close();
    const newerError = await errorOf(newer);
    expect(newerError.code).toBe('unsupported');
    expect(newerError.message).toMatch(/was written by a newer Tundra/);

    expect(b.store.file).toBe(b.databaseFile);
    expect(await names(b)).toEqual(['kept']);
    const current = (await b.dispatch('databases/current', {})) as ApiReply<'databases/current'>;
    expect(current.ok && current.value.file).toBe(b.databaseFile);
  });
});
