import type { ExperimentOrigin, TrialState } from '../../../shared/domain';
import type { ExperimentSpec } from '../../../shared/experiment-file';
import type { ParamValues } from '../../../shared/search-space';
import type { SqliteDatabase } from '../database';

/** A trial that ran elsewhere, as it ended there. */
export interface HistoricTrial {
  readonly number: number;
  readonly state: TrialState;
  readonly params: ParamValues;
  readonly value: number | null;
  readonly lastStep: number | null;
  readonly message: string | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  /** The objective's curve. */
  readonly points: readonly { readonly step: number; readonly value: number; readonly time: number }[];
}

export interface HistoricExperiment {
  readonly spec: ExperimentSpec;
  readonly sourceYaml: string;
  readonly origin: ExperimentOrigin;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly message: string | null;
  readonly trials: readonly HistoricTrial[];
}

/**
 * Stores imported history (an Optuna study) as a finished experiment marked with its origin, in one
 * transaction: all of it or nothing. Trials keep their own numbers and states; nothing here runs.
 */
export class ImportedHistoryRepository {
  private readonly insertExperiment;
  private readonly insertTrial;
  private readonly insertPoint;

  constructor(private readonly db: SqliteDatabase) {
    this.insertExperiment = db.prepare(
      `INSERT INTO experiments (name, state, spec_json, source_yaml, created_at, started_at, finished_at, message, origin_json)
       VALUES (?, 'completed', ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertTrial = db.prepare(
      `INSERT INTO trials (experiment_id, number, state, params_json, value, last_step, message, dir, created_at, started_at, ended_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertPoint = db.prepare('INSERT OR REPLACE INTO metrics (trial_id, name, step, value, time) VALUES (?, ?, ?, ?, ?)');
  }

  /** Returns the new experiment's id; `dirFor` names a (never created) run folder per trial. */
  store(history: HistoricExperiment, dirFor: (experimentId: number, trialNumber: number) => string, now: number): number {
    return this.db.transaction(() => {
      const { spec } = history;
      const experimentId = Number(
        this.insertExperiment.run(spec.name, JSON.stringify(spec), history.sourceYaml, now, history.startedAt, history.finishedAt, history.message, JSON.stringify(history.origin))
          .lastInsertRowid,
      );
      for (const trial of history.trials) {
        const trialId = Number(
          this.insertTrial.run(
            experimentId,
            trial.number,
            trial.state,
            JSON.stringify(trial.params),
            trial.value,
            trial.lastStep,
            trial.message,
            dirFor(experimentId, trial.number),
            trial.startedAt ?? now,
            trial.startedAt,
            trial.endedAt,
          ).lastInsertRowid,
        );
        for (const point of trial.points) this.insertPoint.run(trialId, spec.objective.metric, point.step, point.value, point.time);
      }
      return experimentId;
    })();
  }
}
