import path from 'node:path';
import type { Trial, TrialState } from '../../../shared/domain';
import type { ParamValues } from '../../../shared/search-space';
import type { SqliteDatabase } from '../database';
import { guardedTransition } from './guarded-transition';

interface TrialRow {
  id: number;
  experiment_id: number;
  number: number;
  state: TrialState;
  params_json: string;
  value: number | null;
  last_step: number | null;
  exit_code: number | null;
  message: string | null;
  pid: number | null;
  dir: string;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  pid_start: string | null;
  stdout_offset: number;
  thaws: number;
  until_step: number | null;
  retry_of: number | null;
  gpus: string | null;
  revision: number;
  stopped_early: 0 | 1;
}

/** What the scheduler needs to re-adopt a live trial process after a restart. */
export interface ProcessRecord {
  readonly pid: number | null;
  readonly pidStart: string | null;
  readonly stdoutOffset: number;
}

/** A trial's checkpoint folder (TUNDRA_CHECKPOINT_DIR), inside its run folder. */
export const checkpointDirOf = (dir: string) => path.join(dir, 'checkpoint');

export interface TrialPatch {
  readonly value?: number | null;
  readonly lastStep?: number | null;
  readonly exitCode?: number | null;
  readonly message?: string | null;
  readonly pid?: number | null;
  readonly startedAt?: number | null;
  readonly endedAt?: number | null;
  readonly pidStart?: string | null;
  readonly stdoutOffset?: number;
  readonly thaws?: number;
  readonly untilStep?: number | null;
  readonly gpus?: string | null;
  /** Stored as 0 or 1 (SQLite binds no booleans). */
  readonly stoppedEarly?: 0 | 1;
}

const PATCH_COLUMNS: Record<keyof TrialPatch, string> = {
  value: 'value',
  lastStep: 'last_step',
  exitCode: 'exit_code',
  message: 'message',
  pid: 'pid',
  startedAt: 'started_at',
  endedAt: 'ended_at',
  pidStart: 'pid_start',
  stdoutOffset: 'stdout_offset',
  thaws: 'thaws',
  untilStep: 'until_step',
  gpus: 'gpus',
  stoppedEarly: 'stopped_early',
};

function toTrial(row: TrialRow): Trial {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    number: row.number,
    state: row.state,
    params: JSON.parse(row.params_json) as ParamValues,
    value: row.value,
    lastStep: row.last_step,
    exitCode: row.exit_code,
    message: row.message,
    pid: row.pid,
    dir: row.dir,
    checkpointDir: checkpointDirOf(row.dir),
    thaws: row.thaws,
    untilStep: row.until_step,
    retryOf: row.retry_of,
    gpus: row.gpus,
    stoppedEarly: row.stopped_early === 1,
    revision: row.revision,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
  };
}

/** A trial as metrics/summary ranks its curve: see TrialRepository.curveRanks. */
export interface CurveRankRow {
  readonly id: number;
  readonly number: number;
  readonly state: TrialState;
  readonly value: number | null;
  readonly revision: number;
}

export class TrialRepository {
  private readonly insertRow;
  private readonly selectRow;
  private readonly selectByExperiment;
  private readonly selectNextNumber;
  private readonly updateProgressRow;
  private readonly selectCurveRanks;

  constructor(private readonly db: SqliteDatabase) {
    this.insertRow = db.prepare(
      `INSERT INTO trials (experiment_id, number, state, params_json, dir, created_at, retry_of) VALUES (?, ?, 'queued', ?, ?, ?, ?)`,
    );
    this.selectRow = db.prepare<[number], TrialRow>('SELECT * FROM trials WHERE id = ?');
    this.selectByExperiment = db.prepare<[number], TrialRow>('SELECT * FROM trials WHERE experiment_id = ? ORDER BY number');
    this.selectNextNumber = db.prepare<[number], { next: number }>(
      'SELECT COALESCE(MAX(number), 0) + 1 AS next FROM trials WHERE experiment_id = ?',
    );
    this.selectCurveRanks = db.prepare<[number], CurveRankRow>('SELECT id, number, state, value, revision FROM trials WHERE experiment_id = ? ORDER BY number');
    this.updateProgressRow = db.prepare('UPDATE trials SET value = ?, last_step = ?, stdout_offset = ?, revision = revision + 1 WHERE id = ?');
  }

  /** Creates a queued trial; `dirFor` names its run folder from the trial's number. */
  create(experimentId: number, params: ParamValues, dirFor: (number: number) => string, now: number, retryOf: number | null = null): Trial {
    const id = this.db.transaction(() => {
      const number = this.selectNextNumber.get(experimentId)?.next ?? 1;
      return Number(this.insertRow.run(experimentId, number, JSON.stringify(params), dirFor(number), now, retryOf).lastInsertRowid);
    })();
    return this.require(id);
  }

  get(id: number): Trial | undefined {
    const row = this.selectRow.get(id);
    return row ? toTrial(row) : undefined;
  }

  require(id: number): Trial {
    const trial = this.get(id);
    if (!trial) throw new Error(`trial ${id} does not exist`);
    return trial;
  }

  listByExperiment(experimentId: number): Trial[] {
    return this.selectByExperiment.all(experimentId).map(toTrial);
  }

  /**
   * What ranking an experiment's curves needs of each trial (metrics/summary), in number order:
   * five columns, no parameters parsed, a fraction of listByExperiment's time for 10,000 trials.
   */
  curveRanks(experimentId: number): CurveRankRow[] {
    return this.selectCurveRanks.all(experimentId);
  }

  listInState(experimentId: number, states: readonly TrialState[]): Trial[] {
    const placeholders = states.map(() => '?').join(', ');
    return this.db
      .prepare<unknown[], TrialRow>(`SELECT * FROM trials WHERE experiment_id = ? AND state IN (${placeholders}) ORDER BY number`)
      .all(experimentId, ...states)
      .map(toTrial);
  }

  /**
   * Guarded state change (one UPDATE ... WHERE state IN ...): a finished trial is never revived by
   * a late event. Returns whether it happened.
   */
  transition(id: number, from: readonly TrialState[], to: TrialState, patch: TrialPatch = {}): boolean {
    return guardedTransition(this.db, 'trials', PATCH_COLUMNS, id, from, to, patch);
  }

  /** Progress and how far its stdout.log was read, written in the same transaction as its metrics. */
  updateProgress(id: number, value: number | null, lastStep: number | null, stdoutOffset: number): void {
    this.updateProgressRow.run(value, lastStep, stdoutOffset, id);
  }

  processRecord(id: number): ProcessRecord | undefined {
    const row = this.selectRow.get(id);
    return row ? { pid: row.pid, pidStart: row.pid_start, stdoutOffset: row.stdout_offset } : undefined;
  }
}
