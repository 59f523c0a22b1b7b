import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NVIDIA_SMI_QUERY_ARGS, parseNvidiaSmiCsv } from '../../../../../main/runner/gpu/nvidia-smi';

const recordings = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/nvidia-smi');
const recording = (name: string) => readFileSync(path.join(recordings, name), 'utf8');

describe('nvidia-smi CSV parsing', () => {
  it('asks for exactly the fields the parser reads, without header or units', () => {
    expect(NVIDIA_SMI_QUERY_ARGS).toEqual(['--query-gpu=index,uuid,name,memory.total,memory.used,utilization.gpu', '--format=csv,noheader,nounits']);
  });

  it('reads one RTX 4090', () => {
    expect(parseNvidiaSmiCsv(recording('one.csv'))).toEqual([
      {
        index: 0,
        uuid: 'GPU-5c7a1f0e-3b9d-4e2a-8f61-2d4b7c9e0a13',
        name: 'NVIDIA GeForce RTX 4090',
        memoryTotalMiB: 24564,
        memoryUsedMiB: 412,
        utilizationPercent: 3,
      },
    ]);
  });

  it('reads two, eight and busy GPUs in index order', () => {
    expect(parseNvidiaSmiCsv(recording('two.csv')).map((d) => d.index)).toEqual([0, 1]);
    const eight = parseNvidiaSmiCsv(recording('eight.csv'));
    expect(eight.map((d) => d.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(eight.map((d) => d.uuid)).size).toBe(8);
    expect(eight.every((d) => d.name === 'NVIDIA A100-SXM4-80GB' && d.memoryTotalMiB === 81920)).toBe(true);
    expect(parseNvidiaSmiCsv(recording('busy.csv')).map((d) => [d.memoryUsedMiB, d.utilizationPercent])).toEqual([
      [23912, 100],
      [21338, 97],
    ]);
  });

  it('gives null utilisation where nvidia-smi says [N/A] (MIG) or [Not Supported]', () => {
    expect(parseNvidiaSmiCsv(recording('mig.csv')).map((d) => d.utilizationPercent)).toEqual([null, null]);
    expect(parseNvidiaSmiCsv('0, GPU-abc, Quadro K620, 2000, 300, [Not Supported]')[0]!.utilizationPercent).toBeNull();
  });

  it('trims spaces and CRs and skips blank lines', () => {
    const devices = parseNvidiaSmiCsv('\r\n  0 ,  GPU-a , Tesla T4 , 15360 , 0 , 0 \r\n\r\n1, GPU-b, Tesla T4, 15360, 5, 1\r\n');
    expect(devices.map((d) => [d.index, d.uuid, d.name])).toEqual([
      [0, 'GPU-a', 'Tesla T4'],
      [1, 'GPU-b', 'Tesla T4'],
    ]);
  });

  it('keeps a comma inside a product name in the name', () => {
    expect(parseNvidiaSmiCsv('0, GPU-a, Odd, Name, 8192, 10, 4')[0]).toMatchObject({ name: 'Odd, Name', memoryTotalMiB: 8192 });
  });

  it('reads empty output as no GPUs', () => {
    expect(parseNvidiaSmiCsv('')).toEqual([]);
    expect(parseNvidiaSmiCsv('\n  \n')).toEqual([]);
  });

  it('names the bad line when the output is not the CSV asked for', () => {
    expect(() => parseNvidiaSmiCsv(recording('driver-failure.txt'))).toThrow(
      /expected 6 comma-separated fields .* but got 1 in line "NVIDIA-SMI has failed because it couldn't communicate/,
    );
    expect(() => parseNvidiaSmiCsv('0, GPU-a, Tesla T4, 15360MiB, 0, 0')).toThrow('memory.total "15360MiB" is not a whole number in line "0, GPU-a, Tesla T4, 15360MiB, 0, 0"');
    expect(() => parseNvidiaSmiCsv('0, GPU-a, Tesla T4, 15360, 0, 0\nx, GPU-b, Tesla T4, 15360, 0, 0')).toThrow('index "x" is not a whole number in line "x, GPU-b');
    expect(() => parseNvidiaSmiCsv('0, GPU-a, Jetson, [N/A], [N/A], 0')).toThrow(/memory\.total "\[N\/A\]"/);
  });
});
