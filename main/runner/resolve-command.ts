import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds the program a trial will run before anything is spawned, so that a missing interpreter
 * is one clear error at start instead of N identical failed trials.
 */
export type Resolution = { readonly ok: true; readonly program: string } | { readonly ok: false; readonly message: string };

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (process.platform === 'win32') return true;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function windowsCandidates(file: string, env: NodeJS.ProcessEnv): string[] {
  if (process.platform !== 'win32' || path.extname(file) !== '') return [file];
  const extensions = (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean);
  return [file, ...extensions.map((ext) => file + ext.toLowerCase())];
}

export function resolveProgram(program: string, cwd: string, env: NodeJS.ProcessEnv): Resolution {
  if (program.trim() === '') {
    return { ok: false, message: 'command[0] is empty; name the program to run, e.g. python3' };
  }
  const hasSeparator = program.includes('/') || (process.platform === 'win32' && program.includes('\\'));
  if (hasSeparator) {
    const absolute = path.resolve(cwd, program);
    for (const candidate of windowsCandidates(absolute, env)) {
      if (isExecutableFile(candidate)) return { ok: true, program: candidate };
    }
    return {
      ok: false,
      message: `command[0] "${program}" was not found or is not executable (looked for ${absolute}); fix the path in command, relative to workdir`,
    };
  }
  const searchPath = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  for (const folder of searchPath) {
    for (const candidate of windowsCandidates(path.join(folder, program), env)) {
      if (isExecutableFile(candidate)) return { ok: true, program: candidate };
    }
  }
  return {
    ok: false,
    message: `command[0] "${program}" was not found on PATH; install it, or write its full path in command (for Python, the interpreter of your virtualenv, e.g. /home/me/venv/bin/python)`,
  };
}

export function checkWorkdir(workdir: string): string | null {
  try {
    if (statSync(workdir).isDirectory()) return null;
    return `workdir ${workdir} is not a folder; fix workdir (it is relative to the experiment file)`;
  } catch {
    return `workdir ${workdir} does not exist; fix workdir (it is relative to the experiment file)`;
  }
}
