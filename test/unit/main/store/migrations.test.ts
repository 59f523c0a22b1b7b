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
