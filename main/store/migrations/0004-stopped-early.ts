import type { Migration } from './migration';

/**
 * `stopped_early`: 1 for a completed trial that a stopping policy (median, or ASHA's and
 * Hyperband's stopping variant) ended before it ran its course. Its value is the objective at its
 * last reported step, not a final result, so the searchers' history and the best trial must tell it
 * apart from a trial that ran to the end.
 *
 * Databases written before this column existed marked such a trial only by the message the
 * scheduler wrote for it ("stopped early by the <policy> policy: ..."), always in that form; that
 * message is what marks them here.
 */
export const stoppedEarly: Migration = {
  version: 4,
  title: 'stopped-early',
  sql: `
    ALTER TABLE trials ADD COLUMN stopped_early INTEGER NOT NULL DEFAULT 0;
    UPDATE trials SET stopped_early = 1 WHERE state = 'completed' AND message LIKE 'stopped early by the % policy: %';
  `,
};
