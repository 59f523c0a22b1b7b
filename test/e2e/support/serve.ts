import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServe as startServeOn, type Serve } from '../../../bench/ui/serve';

export interface ServeProcess extends Serve {
  readonly databaseFile: string;
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * Starts the real `tundra serve` (the built CLI) on a fresh database and a free port; `env` adds
 * to its environment (say, a fake nvidia-smi first on PATH).
 */
export async function startServe(env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const databaseFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'tundra-e2e-')), 'tundra.db');
  return { ...(await startServeOn(repoRoot, databaseFile, env)), databaseFile };
}
