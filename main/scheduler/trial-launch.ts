import { openSync, readSync, closeSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { renderArgv } from '../../shared/command-template';
import type { Trial } from '../../shared/domain';
import type { ExperimentSpec } from '../../shared/experiment-file';
import { resolveProgram } from '../runner/resolve-command';
import { STDERR_LOG, STDOUT_LOG, type LaunchOptions } from '../runner/trial-process';

export const PARAMS_FILE = 'params.json';

export interface TrialLaunchContext {
  readonly helperDir: string;
  readonly baseEnv: NodeJS.ProcessEnv;
  readonly stopGraceMs?: number;
  /** Thawing from a checkpoint: TUNDRA_RESUME=1. */
  readonly resuming?: boolean;
  /** From the trial's slot (CUDA_VISIBLE_DEVICES, CUDA_DEVICE_ORDER), merged over everything else. */
  readonly slotEnv?: Readonly<Record<string, string>>;
}

/** Everything a trial process gets: argv, working folder and environment (docs/trial-protocol.md). */
export function prepareLaunch(
  spec: ExperimentSpec,
  trial: Trial,
  context: TrialLaunchContext,
): { ok: true; options: LaunchOptions } | { ok: false; message: string } {
  mkdirSync(trial.dir, { recursive: true });
  const paramsJson = JSON.stringify(trial.params);
  const paramsFile = path.join(trial.dir, PARAMS_FILE);
  writeFileSync(paramsFile, paramsJson);

  const env: NodeJS.ProcessEnv = { ...context.baseEnv, ...spec.env };
  const inheritedPythonPath = env.PYTHONPATH ? path.delimiter + env.PYTHONPATH : '';
  Object.assign(env, {
    TUNDRA_PARAMS: paramsJson,
    TUNDRA_PARAMS_FILE: paramsFile,
    TUNDRA_TRIAL_ID: String(trial.id),
    TUNDRA_TRIAL_NUMBER: String(trial.number),
    TUNDRA_TRIAL_DIR: trial.dir,
    TUNDRA_CHECKPOINT_DIR: trial.checkpointDir,
    // Control lines (freeze, checkpoint, stop) arrive on stdin; the helper reads them.
    TUNDRA_CONTROL: 'stdin',
    PYTHONPATH: context.helperDir + inheritedPythonPath,
    // Without this Python buffers stdout in a pipe and the curves would arrive in bursts.
    PYTHONUNBUFFERED: '1',
  });

  if (context.resuming) env.TUNDRA_RESUME = '1';
  else delete env.TUNDRA_RESUME;
  Object.assign(env, context.slotEnv ?? {});
  const argv = renderArgv(spec.command, trial.params);
  const resolved = resolveProgram(argv[0] ?? '', spec.workdir, env);
  if (!resolved.ok) return { ok: false, message: resolved.message };
  argv[0] = resolved.program;
  return {
    ok: true,
    options: {
      argv,
      cwd: spec.workdir,
      env,
      dir: trial.dir,
      ...(context.stopGraceMs === undefined ? {} : { stopGraceMs: context.stopGraceMs }),
    },
  };
}

/** The last `maxBytes` of a file, decoded; empty when there is no such file. */
export function readTail(file: string, maxBytes: number): { text: string; truncated: boolean } {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return { text: '', truncated: false };
  }
  const length = Math.min(size, maxBytes);
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  return { text: buffer.toString('utf8'), truncated: size > length };
}

/** A few last lines of what the trial printed, for a failure message a person can act on. */
export function logTail(dir: string, maxLines = 15): string {
  for (const name of [STDERR_LOG, STDOUT_LOG]) {
    const { text } = readTail(path.join(dir, name), 4096);
    const lines = text.split('\n').map((line) => line.trimEnd()).filter((line) => line !== '' && !line.startsWith('@tundra'));
    if (lines.length > 0) return lines.slice(-maxLines).join('\n');
  }
  return '';
}
