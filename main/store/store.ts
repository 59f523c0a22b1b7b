import { openDatabase, type OpenOptions, type SqliteDatabase } from './database';
import { EventRepository } from './repositories/events';
import { ExperimentRepository } from './repositories/experiments';
import { GpuSampleRepository } from './repositories/gpu-samples';
import { ImportedHistoryRepository } from './repositories/imported-history';
import { MetricRepository } from './repositories/metrics';
import { TrialRepository } from './repositories/trials';

/** The only door to SQLite: one connection, one repository per table. */
export class Store {
  readonly experiments: ExperimentRepository;
  readonly trials: TrialRepository;
  readonly metrics: MetricRepository;
  readonly events: EventRepository;
  readonly gpuSamples: GpuSampleRepository;
  readonly importedHistory: ImportedHistoryRepository;

  private constructor(
    readonly db: SqliteDatabase,
    readonly file: string,
  ) {
    this.experiments = new ExperimentRepository(db);
    this.trials = new TrialRepository(db);
    this.metrics = new MetricRepository(db);
    this.events = new EventRepository(db);
    this.gpuSamples = new GpuSampleRepository(db);
    this.importedHistory = new ImportedHistoryRepository(db);
  }

  static open(file: string, options?: OpenOptions): Store {
    return new Store(openDatabase(file, options), file);
  }

  /** Runs `work` in one transaction (all or nothing). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
