import { mkdtempSync } from 'node:fs';
import { test } from '@playwright/test';
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

/**
 * One `tundra serve` for the tests of a file (or of the describe block it is called in): started
 * before the first of them, stopped after the last. What it returns reads through to that server,
 * so the tests use `serve.url` as they would a started one; reading it outside a test is an error.
 */
export function serveForThisFile(env: NodeJS.ProcessEnv = {}): ServeProcess {
  let started: ServeProcess | undefined;
  test.beforeAll(async () => {
    started = await startServe(env);
  });
  test.afterAll(async () => {
    await started?.stop();
  });
  const current = (): ServeProcess => {
    if (!started) throw new Error('tundra serve is not started yet: use it inside a test or a hook after serveForThisFile');
    return started;
  };
  return {
    get url() {
      return current().url;
    },
    get origin() {
      return current().origin;
    },
    get token() {
      return current().token;
    },
    get databaseFile() {
      return current().databaseFile;
    },
    call: (channel, args) => current().call(channel, args),
    stop: () => current().stop(),
  };
}
