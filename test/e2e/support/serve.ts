import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ServeProcess {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly databaseFile: string;
  stop(): Promise<void>;
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * Starts the real `tundra serve` (the built CLI) on a fresh database and a free port; `env` adds
 * to its environment (say, a fake nvidia-smi first on PATH).
 */
export async function startServe(env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const databaseFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'tundra-e2e-')), 'tundra.db');
  const child: ChildProcess = spawn(process.execPath, [path.join(repoRoot, 'dist', 'main', 'cli.cjs'), 'serve', '--port', '0', '--db', databaseFile], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    databaseFile,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
