import type { BestTrial, Experiment, ExperimentOrigin, ExperimentState, TrialCounts } from '../../../shared/domain';
import { withSpecDefaults, type ExperimentSpec } from '../../../shared/experiment-file';
import type { ParamValues } from '../../../shared/search-space';
import type { SqliteDatabase } from '../database';
import { guardedTransition } from './guarded-transition';

interface ExperimentRow {
  id: number;
  name: string;
  state: ExperimentState;
  spec_json: string;
  source_yaml: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  message: string | null;
  owner_pid: number | null;
  owner_start: string | null;
  revision: number;
  origin_json: string | null;
}

/** The Tundra process that runs an experiment (pid + start time, as for trials). */
export interface Owner {
  readonly pid: number;
  readonly start: string | null;
}

export interface NewExperiment {
  readonly spec: ExperimentSpec;
  readonly sourceYaml: string;
}

export interface ExperimentPatch {
  readonly startedAt?: number | null;
  readonly finishedAt?: number | null;
  readonly message?: string | null;
  readonly ownerPid?: number | null;
  readonly ownerStart?: string | null;
}

const EXPERIMENT_PATCH_COLUMNS: Record<keyof ExperimentPatch, string> = {
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  message: 'message',
  ownerPid: 'owner_pid',
  ownerStart: 'owner_start',
};

export class ExperimentRepository {
  private readonly insertRow;
  private readonly selectRow;
  private readonly selectAll;
  private readonly selectCounts;
  private readonly selectBestMin;
  private readonly selectBestMax;

  constructor(private readonly db: SqliteDatabase) {
    this.insertRow = db.prepare(
      `INSERT INTO experiments (name, state, spec_json, source_yaml, created_at) VALUES (?, 'draft', ?, ?, ?)`,
    );
    this.selectRow = db.prepare<[number], ExperimentRow>('SELECT * FROM experiments WHERE id = ?');
    this.selectAll = db.prepare<[], ExperimentRow>('SELECT * FROM experiments ORDER BY id DESC');
    this.selectCounts = db.prepare<[number], { state: string; n: number; revisions: number }>(
      'SELECT state, COUNT(*) AS n, SUM(revision) AS revisions FROM trials WHERE experiment_id = ? GROUP BY state',
    );
    // Judged at the end of a run: a trial a policy stopped early has only a value at the step it
    // was stopped at, which would otherwise compete with final values (and win where curves rise).
    const best = (order: 'ASC' | 'DESC') =>
      db.prepare<[number], { id: number; number: number; value: number; params_json: string }>(
        `SELECT id, number, value, params_json FROM trials
         WHERE experiment_id = ? AND state = 'completed' AND stopped_early = 0 AND value IS NOT NULL
         ORDER BY value ${order}, number ASC LIMIT 1`,
      );
    this.selectBestMin = best('ASC');
    this.selectBestMax = best('DESC');
  }

  create(experiment: NewExperiment, now: number): number {
    const info = this.insertRow.run(experiment.spec.name, JSON.stringify(experiment.spec), experiment.sourceYaml, now);
    return Number(info.lastInsertRowid);
  }

  get(id: number): Experiment | undefined {
    const row = this.selectRow.get(id);
    return row ? this.toExperiment(row) : undefined;
  }

  list(): Experiment[] {
    return this.selectAll.all().map((row) => this.toExperiment(row));
  }

  /**
   * Guarded state change: happens only if the experiment is in one of `from`, so two racing
   * callers cannot both finish or restart it. Returns whether it happened.
   */
  transition(id: number, from: readonly ExperimentState[], to: ExperimentState, patch: ExperimentPatch = {}): boolean {
    return guardedTransition(this.db, 'experiments', EXPERIMENT_PATCH_COLUMNS, id, from, to, patch);
  }

  idsInState(states: readonly ExperimentState[]): number[] {
    const placeholders = states.map(() => '?').join(', ');
    return this.db
      .prepare<unknown[], { id: number }>(`SELECT id FROM experiments WHERE state IN (${placeholders}) ORDER BY id`)
      .all(...states)
      .map((row) => row.id);
  }

  /** Just the first start time, without the counts and best trial that get() computes. */
  startedAt(id: number): number | null {
    return this.selectRow.get(id)?.started_at ?? null;
  }

  owner(id: number): Owner | null {
    const row = this.selectRow.get(id);
    return row?.owner_pid ? { pid: row.owner_pid, start: row.owner_start } : null;
  }

  /**
   * Deletes the experiment with its trials, their metrics and its events, in one transaction, if
   * it is in one of `from` (checked inside the transaction, so a start racing the delete loses
   * cleanly). Returns the run folders of its trials for the caller to remove, or null when it was
   * not in one of `from` (or did not exist).
   */
  deleteIn(id: number, from: readonly ExperimentState[]): { readonly trialDirs: string[] } | null {
    return this.db.transaction(() => {
      const row = this.selectRow.get(id);
      if (row === undefined || !from.includes(row.state)) return null;
      const trialDirs = this.db.prepare<[number], { dir: string }>('SELECT dir FROM trials WHERE experiment_id = ?').all(id).map((trial) => trial.dir);
      this.db.prepare('DELETE FROM metrics WHERE trial_id IN (SELECT id FROM trials WHERE experiment_id = ?)').run(id);
      this.db.prepare('DELETE FROM events WHERE experiment_id = ?').run(id);
      this.db.prepare('DELETE FROM trials WHERE experiment_id = ?').run(id);
      this.db.prepare('DELETE FROM experiments WHERE id = ?').run(id);
      return { trialDirs };
    })();
  }

  /** Replaces the stored spec (budget and parallelism edited while running). */
  updateSpec(id: number, spec: ExperimentSpec): void {
    this.db.prepare('UPDATE experiments SET spec_json = ?, revision = revision + 1 WHERE id = ?').run(JSON.stringify(spec), id);
  }

  private toExperiment(row: ExperimentRow): Experiment {
    const spec = withSpecDefaults(JSON.parse(row.spec_json) as ExperimentSpec);
    return {
      id: row.id,
      name: row.name,
      state: row.state,
      spec,
      sourceYaml: row.source_yaml,
      createdAt: row.created_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      message: row.message,
      ...this.countsAndRevision(row),
      best: this.best(row.id, spec.objective.mode),
      ...(row.origin_json ? { origin: JSON.parse(row.origin_json) as ExperimentOrigin } : {}),
    };
  }

  /**
   * Trial counts, and a revision that grows with every change to the experiment or any of its
   * trials (each revision only grows, and trials are never deleted on their own).
   */
  private countsAndRevision(row: ExperimentRow): { counts: TrialCounts; revision: number } {
    const counts = { queued: 0, running: 0, paused: 0, frozen: 0, completed: 0, failed: 0, stopped: 0, interrupted: 0 };
    let revision = row.revision;
    for (const { state, n, revisions } of this.selectCounts.all(row.id)) {
      if (state in counts) counts[state as keyof TrialCounts] = n;
      revision += revisions + n;
    }
    return { counts, revision };
  }

  private best(id: number, mode: 'min' | 'max'): BestTrial | null {
    const row = (mode === 'min' ? this.selectBestMin : this.selectBestMax).get(id);
    if (!row) return null;
    return { trialId: row.id, number: row.number, value: row.value, params: JSON.parse(row.params_json) as ParamValues };
  }
}
