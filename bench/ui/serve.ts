import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ApiReply, Channel } from '../../shared/api';

export interface Serve {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  call<K extends Channel>(channel: K, args: unknown): Promise<ApiReply<K>>;
  stop(): Promise<void>;
}

/**
 * The real `tundra serve` (the built CLI) on a database file (created if missing), on a free port;
 * `env` adds to its environment (say, a fake nvidia-smi first on PATH). The e2e tests start it
 * through here too (test/e2e/support/serve.ts).
 */
export async function startServe(repoRoot: string, databaseFile: string, env: NodeJS.ProcessEnv = {}): Promise<Serve> {
  const child: ChildProcess = spawn(process.execPath, [path.join(repoRoot, 'dist', 'main', 'cli.cjs'), 'serve', '--port', '0', '--db', databaseFile], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address:\n${output}`)), 60_000);
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
  const token = parsed.searchParams.get('token')!;
  return {
    url,
    origin: parsed.origin,
    token,
    async call<K extends Channel>(channel: K, args: unknown): Promise<ApiReply<K>> {
      const response = await fetch(`${parsed.origin}/api/${channel}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(args),
      });
      return (await response.json()) as ApiReply<K>;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
