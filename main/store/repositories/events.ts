import type { SqliteDatabase } from '../database';

/** Closed set of event kinds kept in the per-experiment timeline. */
export const EVENT_KINDS = ['experiment', 'trial', 'warning'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface StoredEvent {
  readonly id: number;
  readonly experimentId: number;
  readonly trialId: number | null;
  readonly time: number;
  readonly kind: EventKind;
  readonly message: string;
}

export class EventRepository {
  private readonly insertRow;
  private readonly selectByExperiment;

  constructor(private readonly db: SqliteDatabase) {
    this.insertRow = db.prepare('INSERT INTO events (experiment_id, trial_id, time, kind, message) VALUES (?, ?, ?, ?, ?)');
    this.selectByExperiment = db.prepare<[number], { id: number; experiment_id: number; trial_id: number | null; time: number; kind: EventKind; message: string }>(
      'SELECT * FROM events WHERE experiment_id = ? ORDER BY id',
    );
  }

  append(experimentId: number, trialId: number | null, kind: EventKind, message: string, now: number): void {
    this.insertRow.run(experimentId, trialId, now, kind, message);
  }

  listByTrial(trialId: number): { time: number; kind: EventKind; message: string }[] {
    return this.db
      .prepare<[number], { time: number; kind: EventKind; message: string }>('SELECT time, kind, message FROM events WHERE trial_id = ? ORDER BY id')
      .all(trialId);
  }

  listByExperiment(experimentId: number): StoredEvent[] {
    return this.selectByExperiment.all(experimentId).map((row) => ({
      id: row.id,
      experimentId: row.experiment_id,
      trialId: row.trial_id,
      time: row.time,
      kind: row.kind,
      message: row.message,
    }));
  }
}
