import type { StoredSeries } from '../../../shared/api';
import type { MetricPoint } from '../../../shared/domain';
import type { SqliteDatabase } from '../database';

export class MetricRepository {
  private readonly upsertRow;
  private readonly selectByExperiment;
  private readonly appendMany;
  private readonly selectSeriesByExperiment;
  private readonly selectMetricOfExperiment;
  private readonly selectMetricOfTrial;
  private readonly selectNextName;
  private readonly selectNamesOfExperiment;

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
    // One metric's points: the name narrows each trial's range of the primary key (trial_id, name,
    // step), so the other metrics' points are never read. One row per trial, its steps and values
    // as JSON arrays built by SQLite: a row per point cost more in the binding (an array and three
    // values made per point) than the read itself. The PRIMARY KEY gives the points in step order.
    this.selectMetricOfExperiment = db
      .prepare<[number, number, number, string]>(
        `SELECT t.id, json_group_array(m.step), json_group_array(m.value) FROM trials t
         JOIN metrics m ON m.trial_id = t.id
         WHERE t.experiment_id = ? AND t.number BETWEEN ? AND ? AND m.name = ? GROUP BY t.number ORDER BY t.number`,
      )
      .raw(true);
    this.selectMetricOfTrial = db.prepare<[number, string]>('SELECT step, value FROM metrics WHERE trial_id = ? AND name = ? ORDER BY step').raw(true);
    // The next metric name of a trial after a given one: a seek in the primary key per name,
    // instead of reading every point to find the few names.
    this.selectNextName = db.prepare<[number, string]>('SELECT name FROM metrics WHERE trial_id = ? AND name > ? ORDER BY name LIMIT 1').pluck(true);
    // The same seeks for every trial of an experiment, in SQLite rather than one call per seek.
    this.selectNamesOfExperiment = db
      .prepare<[number]>(
        `WITH RECURSIVE names(trial_id, name) AS (
           SELECT t.id, (SELECT min(name) FROM metrics WHERE trial_id = t.id) FROM trials t WHERE t.experiment_id = ?
           UNION ALL
           SELECT trial_id, (SELECT min(name) FROM metrics WHERE trial_id = names.trial_id AND name > names.name) FROM names WHERE name IS NOT NULL)
         SELECT DISTINCT name FROM names WHERE name IS NOT NULL ORDER BY name`,
      )
      .pluck(true);
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

  /**
   * One metric's curve of each trial of the experiment numbered `fromNumber` to `toNumber` that
   * reported it, by trial id (each sorted by step): into `byTrial`. In ranges, so a caller can let
   * other work in between the reads of a large experiment.
   */
  metricOfTrialNumbers(experimentId: number, name: string, fromNumber: number, toNumber: number, byTrial: Map<number, { steps: number[]; values: number[] }>): void {
    for (const [trialId, steps, values] of this.selectMetricOfExperiment.all(experimentId, fromNumber, toNumber, name) as [number, string, string][]) {
      // SQLite writes a REAL with enough digits to read back the same double; an infinity as 9e999.
      byTrial.set(trialId, { steps: JSON.parse(steps) as number[], values: JSON.parse(values) as number[] });
    }
  }

  /** One metric's curve of one trial, sorted by step; empty arrays when it reported none. */
  metricOfTrial(trialId: number, name: string): { steps: number[]; values: number[] } {
    const steps: number[] = [];
    const values: number[] = [];
    for (const [step, value] of this.selectMetricOfTrial.all(trialId, name) as [number, number][]) {
      steps.push(step);
      values.push(value);
    }
    return { steps, values };
  }

  /** The metric names a trial reported, sorted. */
  namesOfTrial(trialId: number): string[] {
    const names: string[] = [];
    let name = this.selectNextName.get(trialId, '') as string | undefined;
    while (name !== undefined) {
      names.push(name);
      name = this.selectNextName.get(trialId, name) as string | undefined;
    }
    return names;
  }

  /** The metric names any trial of the experiment reported, sorted. */
  namesOfExperiment(experimentId: number): string[] {
    return this.selectNamesOfExperiment.all(experimentId) as string[];
  }

  /** These trials' curves, as seriesByExperiment groups them (a trial of another experiment is left out). */
  seriesOfTrials(experimentId: number, trialIds: readonly number[], names?: readonly string[]): StoredSeries[] {
    const wanted = new Set(trialIds);
    const trialsInOrder = this.db
      .prepare<[number], { id: number }>('SELECT id FROM trials WHERE experiment_id = ? ORDER BY number')
      .all(experimentId)
      .filter((row) => wanted.has(row.id));
    const list: StoredSeries[] = [];
    for (const { id } of trialsInOrder) {
      for (const name of names ?? this.namesOfTrial(id)) {
        const { steps, values } = this.metricOfTrial(id, name);
        if (steps.length > 0) list.push({ trialId: id, name, steps, values });
      }
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
