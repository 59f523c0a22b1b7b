import type { GpuSample } from '../../../shared/domain';
import type { SqliteDatabase } from '../database';

/** GPU utilisation and memory over time (gpu_samples), written while experiments run. */
export class GpuSampleRepository {
  private readonly insertRow;
  private readonly selectSince;
  private readonly deleteBefore;

  constructor(private readonly db: SqliteDatabase) {
    this.insertRow = db.prepare(
      'INSERT OR REPLACE INTO gpu_samples (time, gpu_index, utilization, memory_used_mib, memory_total_mib) VALUES (?, ?, ?, ?, ?)',
    );
    this.selectSince = db.prepare<[number], { time: number; gpu_index: number; utilization: number | null; memory_used_mib: number; memory_total_mib: number }>(
      'SELECT * FROM gpu_samples WHERE time >= ? ORDER BY time, gpu_index',
    );
    this.deleteBefore = db.prepare('DELETE FROM gpu_samples WHERE time < ?');
  }

  append(samples: readonly GpuSample[]): void {
    this.db.transaction(() => {
      for (const s of samples) this.insertRow.run(s.time, s.index, s.utilizationPercent, s.memoryUsedMiB, s.memoryTotalMiB);
    })();
  }

  listSince(time: number): GpuSample[] {
    return this.selectSince.all(time).map((row) => ({
      time: row.time,
      index: row.gpu_index,
      utilizationPercent: row.utilization,
      memoryUsedMiB: row.memory_used_mib,
      memoryTotalMiB: row.memory_total_mib,
    }));
  }

  /** Keeps the table bounded: samples older than `time` go. */
  prune(time: number): void {
    this.deleteBefore.run(time);
  }
}
