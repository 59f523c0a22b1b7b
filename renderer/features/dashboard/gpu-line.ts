import type { GpuReading } from '../../state/gpus-slice';

const MIB_PER_GIB = 1024;

/** `NVIDIA GeForce RTX 4090` -> `RTX 4090`: the vendor words add nothing on a one-line summary. */
export function shortGpuName(name: string): string {
  const short = name.replace(/^NVIDIA\s+/i, '').replace(/^GeForce\s+/i, '').trim();
  return short === '' ? name : short;
}

/** GiB with one decimal, without a trailing `.0`: 12.1, 24. */
function gib(mib: number): string {
  const value = Math.round((mib / MIB_PER_GIB) * 10) / 10;
  return String(value);
}

/** `0 RTX 4090 34% · 12.1/24 GiB`. */
export function formatGpuReading(reading: GpuReading): string {
  const utilization = reading.utilizationPercent === null ? '—' : `${Math.round(reading.utilizationPercent)}%`;
  return `${reading.index} ${shortGpuName(reading.name)} ${utilization} · ${gib(reading.memoryUsedMiB)}/${gib(reading.memoryTotalMiB)} GiB`;
}
