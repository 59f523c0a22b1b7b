import path from 'node:path';
import { stringify } from 'yaml';
import { Store } from '../../main/store/store';
import { parseExperimentFile } from '../../shared/experiment-file';
import type { MetricPoint } from '../../shared/domain';
import type { ParamValues } from '../../shared/search-space';

/** The seeded experiment's objective: one metric, reported at every step. */
export const METRIC = 'val_loss';

export interface SeedOptions {
  readonly file: string;
  readonly trials: number;
  readonly steps: number;
  /** The trial script of the streaming phase (see fixtures.ts) and its two arguments. */
  readonly streamTrial: string;
  readonly pointsPerSecondPerTrial: number;
  readonly trialSeconds: number;
  readonly parallel: number;
  readonly workdir: string;
}

export interface SeedResult {
  readonly experimentId: number;
  readonly points: number;
  readonly seconds: number;
}

/** mulberry32: a small seeded generator, so every run seeds the same database. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A stopped experiment of `trials` completed trials, each with `steps` points of val_loss, written
 * through the real store (its repositories, one transaction) into a real SQLite file. Its budget
 * leaves room for more trials, so starting it runs the streaming trial script: the streaming phase
 * adds live trials to the very experiment on screen.
 */
export function seedDatabase(options: SeedOptions): SeedResult {
  const started = performance.now();
  const yaml = stringify({
    name: `bench-ui-${options.trials}`,
    command: ['node', options.streamTrial, `--rate=${options.pointsPerSecondPerTrial}`, `--seconds=${options.trialSeconds}`, '--scale={scale}'],
    workdir: options.workdir,
    objective: { metric: METRIC, mode: 'min' },
    space: {
      scale: { type: 'float', low: 0.5, high: 2 },
      lr: { type: 'float', low: 1e-4, high: 0.1, log: true },
      layers: { type: 'int', low: 1, high: 8 },
      optimizer: { type: 'categorical', choices: ['sgd', 'adam', 'adamw'] },
    },
    search: { algorithm: 'random', seed: 1 },
    budget: { trials: options.trials + 1000, parallel: options.parallel },
  });
  const parsed = parseExperimentFile(yaml);
  if (!parsed.ok) throw new Error(`bench experiment file: ${parsed.error.message}`);
  const store = Store.open(options.file);
  const random = generator(options.trials);
  const runs = path.join(path.dirname(options.file), 'runs');
  let points = 0;
  try {
    const experimentId = store.transaction(() => {
      const now = Date.now();
      const id = store.experiments.create({ spec: { ...parsed.value, workdir: options.workdir, search: { algorithm: 'random', seed: 1 } }, sourceYaml: yaml }, now);
      store.experiments.transition(id, ['draft'], 'stopped', { startedAt: now - 3_600_000, finishedAt: now });
      const batch: MetricPoint[] = [];
      for (let index = 0; index < options.trials; index += 1) {
        const scale = 0.5 + 1.5 * random();
        const lr = 10 ** (-4 + 3 * random());
        const params: ParamValues = { scale, lr, layers: 1 + Math.floor(8 * random()), optimizer: ['sgd', 'adam', 'adamw'][Math.floor(3 * random())]! };
        const trial = store.trials.create(id, params, (number) => path.join(runs, String(number)), now - 3_600_000);
        const speed = 5 + 60 * random();
        const floor = 0.05 + 0.3 * Math.abs(Math.log10(lr) + 2.5) * scale;
        let value = Number.NaN;
        for (let step = 0; step < options.steps; step += 1) {
          value = floor + scale * Math.exp(-step / speed) + 0.02 * (random() - 0.5);
          batch.push({ trialId: trial.id, name: METRIC, step, value, time: now - 3_600_000 + step });
        }
        points += options.steps;
        store.trials.transition(trial.id, ['queued'], 'running', { startedAt: now - 3_600_000 });
        store.trials.transition(trial.id, ['running'], 'completed', { value, lastStep: options.steps - 1, exitCode: 0, endedAt: now - 3_600_000 + 60_000 });
        if (batch.length >= 100_000) store.metrics.append(batch.splice(0));
      }
      store.metrics.append(batch);
      return id;
    });
    return { experimentId, points, seconds: (performance.now() - started) / 1000 };
  } finally {
    store.close();
  }
}
