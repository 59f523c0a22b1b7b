import childProcess from 'node:child_process';

/** When one spawn happened, on CLOCK_MONOTONIC (process.hrtime.bigint). */
export interface SpawnTimes {
  /** spawn() was called. */
  readonly called: bigint;
  /** spawn() returned: the child exists (fork and exec succeeded). */
  returned: bigint;
  /** The child's 'spawn' event: what the event loop sees once the caller's synchronous work is done. */
  spawned?: bigint;
  /** The child's 'exit' event, seen before any listener the caller adds (ours is attached first). */
  exited?: bigint;
}

export const realSpawn = childProcess.spawn;

/**
 * Watches every child_process.spawn in this process without changing what it does: Tundra's
 * runner calls `spawn` through the module object at call time (esbuild keeps the property access),
 * so replacing the property on that object is seen by main/runner/trial-process.ts. This is
 * instrumentation for the benchmark only; it returns a function that puts the real spawn back.
 */
export function spySpawns(sink: SpawnTimes[]): () => void {
  const spy = ((...args: Parameters<typeof realSpawn>) => {
    const called = process.hrtime.bigint();
    const child = realSpawn(...args);
    const times: SpawnTimes = { called, returned: process.hrtime.bigint() };
    sink.push(times);
    child.once('spawn', () => (times.spawned = process.hrtime.bigint()));
    child.once('exit', () => (times.exited = process.hrtime.bigint()));
    return child;
  }) as typeof realSpawn;
  Object.assign(childProcess, { spawn: spy });
  return () => Object.assign(childProcess, { spawn: realSpawn });
}
