import type { Migration } from './migration';

/**
 * Trial control and crash recovery (pause / freeze / thaw, re-adoption after a crash, GPUs):
 * - trials: the process's start time (pids are reused: pid + start time identify it), how far
 *   stdout.log was read (stored with the metrics, so a successor resumes exactly there), thaw
 *   count, until-step, retry lineage, the GPUs it got.
 * - experiments: which Tundra process runs it, so a second Tundra on the same database never
 *   "recovers" trials that are still being run by the first.
 * - gpu_samples: utilisation and memory over time.
 * - revision counters on both, for clients ordering snapshots and pushes.
 */
export const trialControl: Migration = {
  version: 2,
  title: 'trial-control',
  sql: `
    ALTER TABLE trials ADD COLUMN pid_start TEXT;
    ALTER TABLE trials ADD COLUMN stdout_offset INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE trials ADD COLUMN thaws INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE trials ADD COLUMN until_step INTEGER;
    ALTER TABLE trials ADD COLUMN retry_of INTEGER REFERENCES trials(id) ON DELETE SET NULL;
    ALTER TABLE trials ADD COLUMN gpus TEXT;
    -- Bumped on every change, so a client can tell an old snapshot from a newer push now that
    -- states go back and forth (running -> frozen -> running).
    ALTER TABLE trials ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE experiments ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

    ALTER TABLE experiments ADD COLUMN owner_pid INTEGER;
    ALTER TABLE experiments ADD COLUMN owner_start TEXT;

    CREATE INDEX events_by_trial ON events (trial_id, id);

    CREATE TABLE gpu_samples (
      time              INTEGER NOT NULL,
      gpu_index         INTEGER NOT NULL,
      utilization       REAL,
      memory_used_mib   REAL    NOT NULL,
      memory_total_mib  REAL    NOT NULL,
      PRIMARY KEY (time, gpu_index)
    ) WITHOUT ROWID;
  `,
};
