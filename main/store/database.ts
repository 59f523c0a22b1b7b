import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/migration';

export type SqliteDatabase = Database.Database;

export class NewerDatabaseError extends Error {
  constructor(file: string, found: number, known: number) {
    super(
      `${file} was written by a newer Tundra (schema ${found}; this version knows up to ${known}). ` +
        'Update Tundra, or choose another database with --db or TUNDRA_DB. Nothing was changed.',
    );
  }
}

export class ForeignDatabaseError extends Error {
  constructor(file: string) {
    super(`${file} is a SQLite database of another program (it has tables but no Tundra schema); choose a Tundra database or a new file. Nothing was changed.`);
  }
}

export interface OpenOptions {
  /** Where the Electron build of the native module lives, when running inside Electron. */
  readonly nativeBinding?: string;
  readonly migrations?: readonly Migration[];
  /**
   * Refuse a file that holds another program's tables (an Optuna study, say) instead of adding
   * Tundra's beside them: for files a person picks, not the default database.
   */
  readonly refuseForeign?: boolean;
}

/**
 * Opens (creating if needed) a Tundra database and brings its schema up to date. WAL lets the
 * UI read while the scheduler writes; NORMAL sync is durable across app crashes (not power loss),
 * the trade-off every desktop app using SQLite makes for write speed.
 */
export function openDatabase(file: string, options: OpenOptions = {}): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    // Before anything is written: even switching to WAL changes the file.
    if (options.refuseForeign === true && schemaVersion(db) === 0 && hasTables(db)) throw new ForeignDatabaseError(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file, options.migrations ?? MIGRATIONS);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: SqliteDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function hasTables(db: SqliteDatabase): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").get() !== undefined;
}

function migrate(db: SqliteDatabase, file: string, migrations: readonly Migration[]): void {
  const known = migrations.length;
  const current = schemaVersion(db);
  if (current > known) throw new NewerDatabaseError(file, current, known);
  for (const migration of migrations.slice(current)) {
    // Each migration and its version bump commit together, so a crash leaves a consistent schema.
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
