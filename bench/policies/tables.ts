import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as OnnxRuntime from 'onnxruntime-node';
import { paramToUnit } from '../../main/searchers/sample-param';
import { sobolPoints } from '../../main/searchers/sobol-sequence';
import { cubeNames, decodeCube } from '../../main/searchers/unit-cube';
import type { ParamValues, SearchSpace } from '../../shared/search-space';
import { DIGITS_SPACE, LCBENCH_SPACE, LCBENCH_TASKS } from '../recorded-spaces';

/**
 * Recorded learning curves as tabular benchmarks: every configuration's whole curve (a loss per
 * step, lower is better) and what each step cost in seconds. A searcher may only pick among the
 * table's configurations: its suggestion is mapped to the nearest untried one in the normalised
 * space (nearestConfiguration says why untried). Tundra and Optuna see the same tables.
 */
export interface CurveTable {
  readonly name: string;
  readonly space: SearchSpace;
  /** Parameter order of `encoded`. */
  readonly names: readonly string[];
  /** Each configuration in the unit cube (paramToUnit per parameter). */
  readonly encoded: readonly Float64Array[];
  /** Loss at steps 1..maxStep (index 0 is step 1). */
  readonly losses: readonly Float64Array[];
  /** Seconds each step took. */
  readonly seconds: readonly Float64Array[];
  readonly maxStep: number;
  /** The best and worst loss at maxStep in the table: regret is normalised by their difference. */
  readonly bestFinal: number;
  readonly worstFinal: number;
}

/**
 * The index of the table's configuration nearest to `params` (squared distance in the unit cube)
 * among those not in `taken`. The table stands for a continuous space: there, a new point close to a
 * tried one is a new configuration with a similar curve, not a replay of the same run. Mapping it to
 * an already-tried row instead would make every exploiting searcher (TPE, Optuna's too) re-train
 * configurations it has seen, a cost no real search pays.
 */
export function nearestConfiguration(table: CurveTable, params: ParamValues, taken: ReadonlySet<number> = new Set()): number {
  const point = table.names.map((name) => paramToUnit(table.space[name]!, params[name]!));
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0; i < table.encoded.length; i++) {
    if (taken.has(i)) continue;
    const row = table.encoded[i]!;
    let distance = 0;
    for (let k = 0; k < row.length; k++) distance += (row[k]! - point[k]!) ** 2;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = i;
    }
  }
  if (best < 0) throw new Error(`every one of the table's ${table.encoded.length} configurations has been tried`);
  return best;
}

/** (loss - best) / (worst - best) at maxStep: 0 is the table's best configuration, 1 its worst. */
export function normalisedRegret(table: CurveTable, finalLoss: number): number {
  return (finalLoss - table.bestFinal) / (table.worstFinal - table.bestFinal);
}

function finish(partial: Omit<CurveTable, 'bestFinal' | 'worstFinal'>): CurveTable {
  const finals = partial.losses.map((curve) => curve[partial.maxStep - 1]!).filter(Number.isFinite);
  return { ...partial, bestFinal: Math.min(...finals), worstFinal: Math.max(...finals) };
}

interface DigitsRun {
  config: Record<string, number | string>;
  val_acc: number[];
  epoch_seconds: number[];
}

/** ../shared/data/curves/digits-mlp.jsonl: 1000 real PyTorch runs of 50 epochs; the loss is the validation error (1 - accuracy). */
export function digitsTable(dataDir: string): CurveTable | null {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, 'curves', 'digits-mlp.jsonl'), 'utf8');
  } catch {
    return null;
  }
  const runs = text.trim().split('\n').map((line) => JSON.parse(line) as DigitsRun);
  const space = DIGITS_SPACE;
  const names = Object.keys(space);
  return finish({
    name: 'digits MLP (1000 recorded PyTorch runs, 50 epochs)',
    space,
    names,
    encoded: runs.map((run) => Float64Array.from(names, (name) => paramToUnit(space[name]!, run.config[name]!))),
    losses: runs.map((run) => Float64Array.from(run.val_acc, (accuracy) => 1 - accuracy)),
    seconds: runs.map((run) => Float64Array.from(run.epoch_seconds)),
    maxStep: Math.min(...runs.map((run) => run.val_acc.length)),
  });
}

/** Epoch 1 is the untrained model (the data's README): steps 1..51 are epochs 2..52. */
const LCBENCH_FIRST_EPOCH = 2;
const LCBENCH_LAST_EPOCH = 52;
const LCBENCH_CONFIGURATIONS = 1000;

const lcbenchSpace = LCBENCH_SPACE;

/**
 * LCBench through YAHPO Gym's surrogate (../shared/data/lcbench): 1000 Sobol configurations per
 * task, each one's whole curve of validation error (1 - accuracy) and epoch times from the
 * surrogate's cumulative time. Null (with the reason) when the model or onnxruntime is missing.
 */
export async function lcbenchTables(dataDir: string): Promise<{ tables: CurveTable[]; skipped?: string }> {
  const modelFile = path.join(dataDir, 'lcbench', 'model.onnx');
  let ort: typeof OnnxRuntime;
  try {
    readFileSync(modelFile, { flag: 'r' });
    ort = await import('onnxruntime-node');
  } catch (error) {
    return { tables: [], skipped: `LCBench skipped: ${(error as Error).message.split('\n')[0]}` };
  }
  const session = await ort.InferenceSession.create(modelFile);
  const encoding = JSON.parse(readFileSync(path.join(dataDir, 'lcbench', 'encoding.json'), 'utf8')) as { OpenML_task_id: Record<string, number> };
  const names = cubeNames(lcbenchSpace);
  const configs = sobolPoints(LCBENCH_CONFIGURATIONS, names.length, 2024).map((point) => decodeCube(lcbenchSpace, names, point));
  // Epoch FIRST-1 too, for the first step's time.
  const epochs = Array.from({ length: LCBENCH_LAST_EPOCH - LCBENCH_FIRST_EPOCH + 2 }, (_, i) => LCBENCH_FIRST_EPOCH - 1 + i);
  const tables: CurveTable[] = [];
  for (const task of LCBENCH_TASKS) {
    const code = encoding.OpenML_task_id[task]!;
    const rows = configs.length * epochs.length;
    const continuous = new Float32Array(rows * 8);
    let row = 0;
    for (const c of configs) {
      for (const epoch of epochs) {
        continuous.set([epoch, c.batch_size as number, c.learning_rate as number, c.momentum as number, c.weight_decay as number, c.num_layers as number, c.max_units as number, c.max_dropout as number], row * 8);
        row += 1;
      }
    }
    const result = await session.run({
      x_cat: new ort.Tensor('int32', new Int32Array(rows).fill(code), [rows, 1]),
      x_cont: new ort.Tensor('float32', continuous, [rows, 8]),
    });
    const output = result.output!.data as Float32Array;
    const losses: Float64Array[] = [];
    const seconds: Float64Array[] = [];
    configs.forEach((_, i) => {
      const at = (k: number, column: number) => output[(i * epochs.length + k) * 6 + column]!;
      losses.push(Float64Array.from({ length: epochs.length - 1 }, (_, k) => 1 - at(k + 1, 1) / 100));
      // The surrogate's cumulative time is noisy too: an epoch never costs less than a millisecond.
      seconds.push(Float64Array.from({ length: epochs.length - 1 }, (_, k) => Math.max(1e-3, at(k + 1, 0) - at(k, 0))));
    });
    tables.push(
      finish({
        name: `LCBench task ${task} (YAHPO surrogate, 1000 configurations, 51 epochs)`,
        space: lcbenchSpace,
        names,
        encoded: configs.map((c) => Float64Array.from(names, (name) => paramToUnit(lcbenchSpace[name]!, c[name]!))),
        losses,
        seconds,
        maxStep: epochs.length - 1,
      }),
    );
  }
  return { tables };
}
