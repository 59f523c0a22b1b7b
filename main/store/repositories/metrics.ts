import type { StoredSeries } from '../../../shared/api';
import type { MetricPoint } from '../../../shared/domain';
import type { SqliteDatabase } from '../database';

export class MetricRepository {
  private readonly upsertRow;
  private readonly selectByExperiment;
  private readonly appendMany;
  private readonly selectSeriesByExperiment;

  constructor(private readonly db: SqliteDatabase) {
    this.upsertRow = db.prepare(
      'INSERT OR REPLACE INTO metrics (trial_id, name, step, value, time) VALUES (?, ?, ?, ?, ?)',
    );
    this.selectByExperiment = db.prepare<[number], { trial_id: number; name: string; step: number; value: number; time: number }>(
      `SELECT m.trial_id, m.name, m.step, m.value, m.time FROM metrics m
       JOIN trials t ON t.id = m.trial_id
       WHERE t.experiment_id = ? ORDER BY m.trial_id, m.name, m.step`,
    );
    // In trial number order: the (experiment_id, number) index then yields the trials in the order
    // asked and the metrics' primary key each trial's points by name and step, so SQLite sorts
    // nothing. Ordered by trial id it built a temporary B-tree of every point first (a million for
    // a 10,000 x 100 experiment, a third of the reply's time).
    this.selectSeriesByExperiment = db
      .prepare<[number]>(
        `SELECT m.trial_id, m.name, m.step, m.value FROM trials t
         JOIN metrics m ON m.trial_id = t.id
         WHERE t.experiment_id = ? ORDER BY t.number, m.name, m.step`,
      )
      .raw(true);
    // One transaction per batch: per-row transactions would cap ingestion at the disk's fsync rate.
    this.appendMany = db.transaction((points: readonly MetricPoint[]) => {
      for (const p of points) this.upsertRow.run(p.trialId, p.name, p.step, p.value, p.time);
    });
  }

  append(points: readonly MetricPoint[]): void {
    if (points.length > 0) this.appendMany(points);
  }

  listByExperiment(experimentId: number, names?: readonly string[]): MetricPoint[] {
    const wanted = names ? new Set(names) : undefined;
    const points: MetricPoint[] = [];
    for (const row of this.selectByExperiment.iterate(experimentId)) {
      if (wanted && !wanted.has(row.name)) continue;
      points.push({ trialId: row.trial_id, name: row.name, step: row.step, value: row.value, time: row.time });
    }
    return points;
  }

  /** The experiment's points grouped per trial (in trial number order) and metric, steps ascending (see metrics/series). */
  seriesByExperiment(experimentId: number, names?: readonly string[]): StoredSeries[] {
    const wanted = names ? new Set(names) : undefined;
    const list: { trialId: number; name: string; steps: number[]; values: number[] }[] = [];
    let current: (typeof list)[number] | undefined;
    // Raw rows (arrays, not objects): a million points is a million fewer objects to build.
    for (const row of this.selectSeriesByExperiment.iterate(experimentId) as Iterable<[number, string, number, number]>) {
      const [trialId, name, step, value] = row;
      if (wanted && !wanted.has(name)) continue;
      if (current === undefined || current.trialId !== trialId || current.name !== name) {
        current = { trialId, name, steps: [], values: [] };
        list.push(current);
      }
      current.steps.push(step);
      current.values.push(value);
    }
    return list;
  }

  listByTrial(trialId: number): MetricPoint[] {
    return this.db
      .prepare<[number], { name: string; step: number; value: number; time: number }>(
        'SELECT name, step, value, time FROM metrics WHERE trial_id = ? ORDER BY name, step',
      )
      .all(trialId)
      .map((row) => ({ trialId, ...row }));
  }
}
