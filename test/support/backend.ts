import path from 'node:path';
import { createBackend, type Backend, type BackendOptions } from '../../main/backend';
import type { ExperimentFileInput } from '../../shared/experiment-file';
import { stringify } from 'yaml';
import { tempDir } from './paths';

export interface TestBackend extends Backend {
  readonly databaseFile: string;
  readonly dir: string;
}

/** A real backend on a real SQLite file in a fresh temporary folder. */
export function openTestBackend(options: Partial<Omit<BackendOptions, 'databaseFile'>> & { databaseFile?: string } = {}): TestBackend {
  const dir = options.databaseFile ? path.dirname(options.databaseFile) : tempDir();
  const databaseFile = options.databaseFile ?? path.join(dir, 'tundra.db');
  // Like the app: whatever a Tundra that went away left running is taken over.
  const backend = createBackend({ stopGraceMs: 1000, hubFlushMs: 20, recover: 'all', ...options, databaseFile });
  return Object.assign(backend, { databaseFile, dir });
}

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function experimentYaml(file: Partial<ExperimentFileInput> & Pick<ExperimentFileInput, 'command'>): string {
  return stringify({
    name: 'fixture',
    workdir: '.',
    objective: { metric: 'val_loss', mode: 'min' },
    space: { x: { type: 'float', low: 0, high: 1 } },
    budget: { trials: 1, parallel: 1 },
    ...file,
  });
}
