import type { Migration } from './migration';

/**
 * Imported history (an Optuna study): `origin` (JSON: kind, source, importedAt) marks an experiment
 * that Tundra did not run and must never start; NULL for every experiment created in Tundra.
 */
export const importedExperiments: Migration = {
  version: 3,
  title: 'imported-experiments',
  sql: `
    ALTER TABLE experiments ADD COLUMN origin_json TEXT;
  `,
};
