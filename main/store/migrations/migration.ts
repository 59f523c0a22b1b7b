/** A schema change. Append-only: a released migration is never edited, only followed by another. */
export interface Migration {
  /** Becomes `PRAGMA user_version` once applied; consecutive from 1. */
  readonly version: number;
  readonly title: string;
  readonly sql: string;
}
