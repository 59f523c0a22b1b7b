import type { SqliteDatabase } from '../database';

/**
 * The one way a row's state changes (STYLE.md rule 5): a single
 * `UPDATE table SET state = to, ... WHERE id = ? AND state IN (from)`, so two racing callers
 * cannot both finish a row, and a late event never revives a finished one.
 * `columns` maps patch keys to column names; only keys present in `patch` are written.
 */
export function guardedTransition<Patch extends object>(
  db: SqliteDatabase,
  table: 'experiments' | 'trials',
  columns: Readonly<Record<keyof Patch, string>>,
  id: number,
  from: readonly string[],
  to: string,
  patch: Patch,
): boolean {
  const sets = ['state = ?', 'revision = revision + 1'];
  const values: unknown[] = [to];
  for (const key of Object.keys(columns) as (keyof Patch)[]) {
    if (patch[key] === undefined) continue;
    sets.push(`${columns[key]} = ?`);
    values.push(patch[key]);
  }
  const placeholders = from.map(() => '?').join(', ');
  const info = db.prepare(`UPDATE ${table} SET ${sets.join(', ')} WHERE id = ? AND state IN (${placeholders})`).run(...values, id, ...from);
  return info.changes === 1;
}
