import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Store } from '../../main/store/store';
import { parseExperimentFile, type ExperimentFileInput } from '../../shared/experiment-file';

/** The repository root: dist/bench/scheduler.cjs and bench/scheduler/*.ts are both two levels down. */
export const repoRoot = path.resolve(__dirname, '..', '..');
export const checkpointingTrainer = path.join(repoRoot, 'test', 'fixtures', 'checkpointing-trainer.py');

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Stores an experiment the way the app does (the file parsed and validated, workdir absolute, the
 * seed fixed) and returns its id; the caller starts it.
 */
export function createExperiment(store: Store, file: Partial<ExperimentFileInput> & Pick<ExperimentFileInput, 'command' | 'objective' | 'budget'>): number {
  const yaml = stringify({ name: 'bench', space: { x: { type: 'float', low: 0, high: 1 } }, ...file });
  const parsed = parseExperimentFile(yaml);
  if (!parsed.ok) throw new Error(`bench experiment file: ${parsed.error.message}`);
  return store.experiments.create({ spec: { ...parsed.value, workdir: repoRoot, search: { algorithm: 'random', seed: 1 } }, sourceYaml: yaml }, Date.now());
}

/** The two CLOCK_MONOTONIC stamps a bench fixture writes to stderr: its first and last statement. */
export interface ScriptClock {
  readonly start: bigint;
  readonly end: bigint;
}

export function parseScriptClocks(text: string): ScriptClock[] {
  const clocks: ScriptClock[] = [];
  for (const match of text.matchAll(/^bench-clock (\d+) (\d+)$/gm)) clocks.push({ start: BigInt(match[1]!), end: BigInt(match[2]!) });
  return clocks;
}
