import { readFileSync } from 'node:fs';
import type * as OnnxRuntime from 'onnxruntime-node';
import path from 'node:path';
import { sobolPoints } from '../../main/searchers/sobol-sequence';
import { cubeNames, decodeCube } from '../../main/searchers/unit-cube';
import type { ParamValues } from '../../shared/search-space';
import type { Problem } from './problems';
import { LCBENCH_SPACE, LCBENCH_TASKS } from '../recorded-spaces';

/**
 * LCBench through YAHPO Gym's surrogate (../shared/data/lcbench, run with onnxruntime-node): funnel
 * MLPs on OpenML tasks; the objective is the validation error (100 - accuracy %) at epoch 52,
 * reported as normalised regret: (error - best error) / (worst - best recorded accuracy on the task).
 * The surrogate's own optimum is unknown, so "best" is the better of the task's best recorded run
 * (target_statistics.csv) and the best of OPTIMUM_SAMPLE Sobol points through the surrogate.
 */

const FINAL_EPOCH = 52;
const OPTIMUM_SAMPLE = 20_000;

const space = LCBENCH_SPACE;

type Ort = typeof OnnxRuntime;

interface Surrogate {
  /** Validation accuracy (%) at FINAL_EPOCH for each configuration. */
  accuracy(taskCode: number, configs: readonly ParamValues[]): Promise<Float32Array>;
}

async function loadSurrogate(ort: Ort, modelFile: string): Promise<Surrogate> {
  const session = await ort.InferenceSession.create(modelFile);
  return {
    async accuracy(taskCode, configs) {
      const n = configs.length;
      const continuous = new Float32Array(n * 8);
      configs.forEach((c, i) => {
        continuous.set([FINAL_EPOCH, c.batch_size as number, c.learning_rate as number, c.momentum as number, c.weight_decay as number, c.num_layers as number, c.max_units as number, c.max_dropout as number], i * 8);
      });
      const result = await session.run({
        x_cat: new ort.Tensor('int32', new Int32Array(n).fill(taskCode), [n, 1]),
        x_cont: new ort.Tensor('float32', continuous, [n, 8]),
      });
      const output = result.output!.data as Float32Array;
      return Float32Array.from({ length: n }, (_, i) => output[i * 6 + 1]!);
    },
  };
}

function recordedRange(dataDir: string, task: string): { min: number; max: number } {
  const rows = readFileSync(path.join(dataDir, 'lcbench', 'target_statistics.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  const value = (statistic: string) => Number(rows.find((r) => r[0] === 'val_accuracy' && r[1] === statistic && r[4] === task)![2]);
  return { min: value('min'), max: value('max') };
}

/** The LCBench problems, or none (with the reason) when the surrogate or its runtime is missing. */
export async function lcbenchProblems(dataDir: string): Promise<{ problems: Problem[]; skipped?: string }> {
  const modelFile = path.join(dataDir, 'lcbench', 'model.onnx');
  let ort: Ort;
  try {
    readFileSync(modelFile, { flag: 'r' });
    ort = await import('onnxruntime-node');
  } catch (error) {
    return { problems: [], skipped: `LCBench skipped: ${(error as Error).message.split('\n')[0]}` };
  }
  const surrogate = await loadSurrogate(ort, modelFile);
  const encoding = JSON.parse(readFileSync(path.join(dataDir, 'lcbench', 'encoding.json'), 'utf8')) as { OpenML_task_id: Record<string, number> };
  const names = cubeNames(space);
  const sample = sobolPoints(OPTIMUM_SAMPLE, names.length, 12345).map((point) => decodeCube(space, names, point));
  const problems: Problem[] = [];
  for (const task of LCBENCH_TASKS) {
    const code = encoding.OpenML_task_id[task]!;
    const range = recordedRange(dataDir, task);
    const sampled = await surrogate.accuracy(code, sample);
    const best = Math.max(range.max, ...sampled);
    const span = best - range.min;
    problems.push({
      name: `LCBench task ${task} (surrogate, 7-D)`,
      space,
      optimum: 0,
      async evaluate(params) {
        const [accuracy] = await surrogate.accuracy(code, [params]);
        return (best - accuracy!) / span;
      },
    });
  }
  return { problems };
}
