import { describe, expect, it } from 'vitest';
import { formatGpuReading, shortGpuName } from '../../../../../renderer/features/dashboard/gpu-line';

describe('GPU line', () => {
  it('reads as index, short name, utilisation and memory in GiB', () => {
    expect(formatGpuReading({ index: 0, name: 'NVIDIA GeForce RTX 4090', utilizationPercent: 34, memoryUsedMiB: 12390, memoryTotalMiB: 24564 })).toBe(
      '0 RTX 4090 34% · 12.1/24 GiB',
    );
  });

  it('says a dash when the driver does not report utilisation', () => {
    expect(formatGpuReading({ index: 3, name: 'NVIDIA A100-SXM4-80GB', utilizationPercent: null, memoryUsedMiB: 0, memoryTotalMiB: 81920 })).toBe(
      '3 A100-SXM4-80GB — · 0/80 GiB',
    );
  });

  it('drops only the vendor words from the name', () => {
    expect(shortGpuName('NVIDIA H100 80GB HBM3')).toBe('H100 80GB HBM3');
    expect(shortGpuName('Tesla T4')).toBe('Tesla T4');
    expect(shortGpuName('NVIDIA')).toBe('NVIDIA');
  });
});
