import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NewerDatabaseError, openDatabase, schemaVersion } from '../../../../main/store/database';
import { MIGRATIONS } from '../../../../main/store/migrations';
import { tempDir } from '../../../support/paths';

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

function schema(db: Database.Database): string[] {
  return db
    .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((row) => row.sql.replace(/\s+/g, ' ').trim());
}

describe('store migrations', () => {
  it('brings a new database to the latest version in WAL mode', () => {
    const db = openDatabase(path.join(tempDir(), 'new.db'));
    open.push(db);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('matches the schema snapshot (a change here needs a new migration, not an edit)', () => {
    const db = openDatabase(path.join(tempDir(), 'snap.db'));
    open.push(db);
    expect(schema(db)).toMatchSnapshot();
  });

  it('is idempotent on reopen and keeps the data', () => {
    const file = path.join(tempDir(), 'again.db');
    const first = openDatabase(file);
    first.prepare("INSERT INTO experiments (name, state, spec_json, source_yaml, created_at) VALUES ('x', 'draft', '{}', '', 1)").run();
    first.close();
    const second = openDatabase(file);
    open.push(second);
    expect(second.prepare('SELECT COUNT(*) AS n FROM experiments').get()).toEqual({ n: 1 });
  });

  it('opens a database from before stopped_early with its trials, marking the ones a policy stopped early', () => {
    const file = path.join(tempDir(), 'before-stopped-early.db');
    const stoppedEarlyVersion = MIGRATIONS.findIndex((migration) => migration.title === 'stopped-early') + 1;
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, stoppedEarlyVersion - 1) });
    expect(schemaVersion(old)).toBe(stoppedEarlyVersion - 1);
    old.prepare("INSERT INTO experiments (id, name, state, spec_json, source_yaml, created_at) VALUES (1, 'old', 'completed', '{}', '', 1)").run();
    const insert = old.prepare('INSERT INTO trials (experiment_id, number, state, params_json, value, last_step, message, dir, created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, 1)');
    // As the scheduler wrote them: ran to the end, reached resource.max, stopped by the policy, stopped by the user.
    insert.run(1, 'completed', '{"x":0.1}', 0.2, 50, null, '/runs/1');
    insert.run(2, 'completed', '{"x":0.2}', 0.3, 50, 'reached resource.max (step 50)', '/runs/2');
    insert.run(3, 'completed', '{"x":0.3}', 0.9, 3, 'stopped early by the median policy: 0.9 is worse than the median 0.5 at step 3', '/runs/3');
    insert.run(4, 'stopped', '{"x":0.4}', 0.8, 7, 'stopped by user', '/runs/4');
    old.close();

    const db = openDatabase(file);
    open.push(db);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    const rows = db.prepare<[], { number: number; state: string; value: number; params_json: string; stopped_early: number }>('SELECT number, state, value, params_json, stopped_early FROM trials ORDER BY number').all();
    expect(rows).toEqual([
      { number: 1, state: 'completed', value: 0.2, params_json: '{"x":0.1}', stopped_early: 0 },
      { number: 2, state: 'completed', value: 0.3, params_json: '{"x":0.2}', stopped_early: 0 },
      { number: 3, state: 'completed', value: 0.9, params_json: '{"x":0.3}', stopped_early: 1 },
      { number: 4, state: 'stopped', value: 0.8, params_json: '{"x":0.4}', stopped_early: 0 },
    ]);
  });

  it('refuses a database written by a newer Tundra and leaves it untouched', () => {
    const file = path.join(tempDir(), 'newer.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(NewerDatabaseError);
    const check = new Database(file);
    open.push(check);
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    expect(schema(check)).toEqual([]);
  });

  it('rolls back a migration that fails halfway', () => {
    const file = path.join(tempDir(), 'broken.db');
    const broken = [...MIGRATIONS, { version: MIGRATIONS.length + 1, title: 'broken', sql: 'CREATE TABLE a (x); CREATE TABLE a (y);' }];
    expect(() => openDatabase(file, { migrations: broken })).toThrow();
    const db = openDatabase(file);
    open.push(db);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(schema(db).some((sql) => sql.startsWith('CREATE TABLE a'))).toBe(false);
  });
});
