import type { GpuSample, GpuStatus } from '../../shared/domain';

/**
 * What Tundra runs trials on: the status from `gpus/status` and, per GPU, the newest sample pushed
 * since (`gpus/sampled`). The back end updates the status with every sample it takes, so the
 * status is as new as anything stored when it was read; only samples taken after it say more.
 */
export interface GpusData {
  /** Null until the first `gpus/status` answer. */
  readonly status: GpuStatus | null;
  /** Per GPU index, the newest sample that is newer than `status`. */
  readonly latest: Readonly<Record<number, GpuSample>>;
  /** Every GPU's samples of the last GPU_HISTORY_MS, oldest first: the utilisation chart's data. */
  readonly history: readonly GpuSample[];
  readonly loadError: string | null;
}

export const emptyGpus: GpusData = { status: null, latest: {}, history: [], loadError: null };

/** How far back the chart looks, counted from the newest sample (server clock). */
export const GPU_HISTORY_MS = 30 * 60 * 1000;

const sampleKey = (sample: GpuSample): string => `${sample.index}@${sample.time}`;

/** Listed samples joined with those held (pushes win nothing: a sample is the same reading twice). */
function mergeHistory(held: readonly GpuSample[], listed: readonly GpuSample[]): readonly GpuSample[] {
  const byKey = new Map<string, GpuSample>();
  for (const sample of [...listed, ...held]) byKey.set(sampleKey(sample), sample);
  return trimHistory([...byKey.values()].sort((a, b) => a.time - b.time || a.index - b.index));
}

function trimHistory(history: readonly GpuSample[]): readonly GpuSample[] {
  const newest = history[history.length - 1];
  if (newest === undefined) return history;
  const first = history.findIndex((sample) => sample.time >= newest.time - GPU_HISTORY_MS);
  return first <= 0 ? history : history.slice(first);
}

/** One GPU as the dashboard shows it: the name from the status, the figures from the newest reading. */
export interface GpuReading {
  readonly index: number;
  readonly name: string;
  readonly utilizationPercent: number | null;
  readonly memoryUsedMiB: number;
  readonly memoryTotalMiB: number;
}

function newestByIndex(samples: readonly GpuSample[]): Map<number, GpuSample> {
  const newest = new Map<number, GpuSample>();
  for (const sample of samples) {
    const held = newest.get(sample.index);
    if (held === undefined || sample.time >= held.time) newest.set(sample.index, sample);
  }
  return newest;
}

/**
 * The answer to `gpus/status`. A sample pushed while the request was in flight is kept only if it
 * is newer than every stored sample the answer lists for its GPU: the server stores a sample
 * before pushing it, so anything not newer than the list is already reflected in the status.
 * Sample times are compared only with other sample times (all on the server's clock).
 */
export function loadGpus(data: GpusData, status: GpuStatus, listed: readonly GpuSample[]): GpusData {
  const listedNewest = newestByIndex(listed);
  const latest: Record<number, GpuSample> = {};
  for (const held of Object.values(data.latest)) {
    const newestListed = listedNewest.get(held.index);
    if (newestListed === undefined || held.time > newestListed.time) latest[held.index] = held;
  }
  return { status, latest, history: mergeHistory(data.history, listed), loadError: null };
}

export function gpusLoadFailed(data: GpusData, message: string): GpusData {
  return { ...data, loadError: message };
}

/**
 * Pushed samples: the newest per GPU wins; an older straggler changes nothing. Every sample newer
 * than the newest held for its GPU joins the history (a batch may carry several per GPU).
 */
export function appendGpuSamples(data: GpusData, samples: readonly GpuSample[]): GpusData {
  let latest: Record<number, GpuSample> | null = null;
  for (const sample of newestByIndex(samples).values()) {
    const held = data.latest[sample.index];
    if (held !== undefined && held.time >= sample.time) continue;
    latest ??= { ...data.latest };
    latest[sample.index] = sample;
  }
  const newestHeld = newestByIndex(data.history);
  const fresh = samples.filter((sample) => {
    const held = newestHeld.get(sample.index);
    return held === undefined || sample.time > held.time;
  });
  if (latest === null && fresh.length === 0) return data;
  return {
    ...data,
    latest: latest ?? data.latest,
    history: fresh.length === 0 ? data.history : mergeHistory(data.history, fresh),
  };
}

/** Every known GPU with its newest figures, by index; empty without GPUs or before the status. */
export function gpuReadings(data: GpusData): readonly GpuReading[] {
  if (data.status?.kind !== 'gpus') return [];
  return [...data.status.devices]
    .sort((a, b) => a.index - b.index)
    .map((device) => {
      const sample = data.latest[device.index];
      return {
        index: device.index,
        name: device.name,
        utilizationPercent: sample !== undefined ? sample.utilizationPercent : device.utilizationPercent,
        memoryUsedMiB: sample?.memoryUsedMiB ?? device.memoryUsedMiB,
        memoryTotalMiB: sample?.memoryTotalMiB ?? device.memoryTotalMiB,
      };
    });
}
