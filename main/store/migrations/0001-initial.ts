import type { Migration } from './migration';

export const initial: Migration = {
  version: 1,
  title: 'initial',
  sql: `
    CREATE TABLE experiments (
      id           INTEGER PRIMARY KEY,
      name         TEXT    NOT NULL,
      state        TEXT    NOT NULL,
      spec_json    TEXT    NOT NULL,
      source_yaml  TEXT    NOT NULL,
      created_at   INTEGER NOT NULL,
      started_at   INTEGER,
      finished_at  INTEGER,
      message      TEXT
    );

    CREATE TABLE trials (
      id             INTEGER PRIMARY KEY,
      experiment_id  INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
      number         INTEGER NOT NULL,
      state          TEXT    NOT NULL,
      params_json    TEXT    NOT NULL,
      value          REAL,
      last_step      INTEGER,
      exit_code      INTEGER,
      message        TEXT,
      pid            INTEGER,
      dir            TEXT    NOT NULL,
      created_at     INTEGER NOT NULL,
      started_at     INTEGER,
      ended_at       INTEGER,
      UNIQUE (experiment_id, number)
    );
    CREATE INDEX trials_by_experiment_state ON trials (experiment_id, state);

    -- One row per (trial, metric, step): a step reported twice keeps the later value.
    CREATE TABLE metrics (
      trial_id  INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
      name      TEXT    NOT NULL,
      step      INTEGER NOT NULL,
      value     REAL    NOT NULL,
      time      INTEGER NOT NULL,
      PRIMARY KEY (trial_id, name, step)
    ) WITHOUT ROWID;

    CREATE TABLE events (
      id             INTEGER PRIMARY KEY,
      experiment_id  INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
      trial_id       INTEGER REFERENCES trials(id) ON DELETE CASCADE,
      time           INTEGER NOT NULL,
      kind           TEXT    NOT NULL,
      message        TEXT    NOT NULL
    );
    CREATE INDEX events_by_experiment ON events (experiment_id, id);
  `,
};
