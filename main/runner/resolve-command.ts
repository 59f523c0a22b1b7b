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

/**
 * The program a trial runs, as an absolute path. `python3` and `python` mean "the Python of this
 * environment" (see resolvePython); any other name is looked up on PATH, and a path is taken
 * relative to `cwd` (the experiment's workdir).
 */
export function resolveProgram(program: string, cwd: string, env: NodeJS.ProcessEnv): Resolution {
  if (program.trim() === '') {
    return { ok: false, message: 'command[0] is empty; name the program to run, e.g. python3' };
  }
  if (isPythonName(program)) return resolvePython(program, cwd, env);
  return findProgram(program, cwd, env);
}

function findProgram(program: string, cwd: string, env: NodeJS.ProcessEnv): Resolution {
  if (hasSeparator(program)) {
    const absolute = path.resolve(cwd, program);
    for (const candidate of windowsCandidates(absolute, env)) {
      if (isExecutableFile(candidate)) return { ok: true, program: candidate };
    }
    return {
      ok: false,
      message: `command[0] "${program}" was not found or is not executable (looked for ${absolute}); fix the path in command, relative to workdir`,
    };
  }
  const found = findOnPath(program, env);
  if (found !== null) return { ok: true, program: found };
  return {
    ok: false,
    message: `command[0] "${program}" was not found on PATH; install it, or write its full path in command (for Python, the interpreter of your virtualenv, e.g. /home/me/venv/bin/python)`,
  };
}

function hasSeparator(program: string): boolean {
  return program.includes('/') || (process.platform === 'win32' && program.includes('\\'));
}

function findOnPath(program: string, env: NodeJS.ProcessEnv): string | null {
  const searchPath = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  for (const folder of searchPath) {
    for (const candidate of windowsCandidates(path.join(folder, program), env)) {
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

/** The command names that stand for "a Python interpreter" rather than one particular program. */
const PYTHON_NAMES = ['python3', 'python'] as const;

/** The variable that names the interpreter for `python3`/`python` outright (a path, or a name on PATH). */
export const PYTHON_OVERRIDE_VARIABLE = 'TUNDRA_PYTHON';

function isPythonName(program: string): boolean {
  return (PYTHON_NAMES as readonly string[]).includes(program);
}

/**
 * An experiment file says `python3` so that it runs on any machine; which Python that is depends
 * on where Tundra runs. In order (the first that exists wins):
 * 1. `TUNDRA_PYTHON` (from Tundra's environment or the experiment's `env`): an explicit choice,
 *    so a wrong value is an error rather than a silent fallback;
 * 2. the active virtualenv: `$VIRTUAL_ENV/bin/python`;
 * 3. the active conda environment: `$CONDA_PREFIX/bin/python`;
 * 4. the name as written on PATH, then the other name (Windows and many conda installs have only
 *    `python`; some Linux systems only `python3`).
 * 2 and 3 matter when Tundra was started from a desktop launcher or an IDE that sets these
 * variables without putting the environment first on PATH, where `python3` is the system's.
 */
function resolvePython(program: string, cwd: string, env: NodeJS.ProcessEnv): Resolution {
  const override = env[PYTHON_OVERRIDE_VARIABLE];
  if (override !== undefined && override.trim() !== '') {
    const found = findProgram(override, cwd, env);
    if (found.ok) return found;
    const where = hasSeparator(override) ? `(looked for ${path.resolve(cwd, override)}, relative to workdir)` : 'on PATH';
    return {
      ok: false,
      message: `${PYTHON_OVERRIDE_VARIABLE} "${override}" was not found ${where}; set it to the interpreter to use for ${program} (e.g. /home/me/venv/bin/python), or unset it`,
    };
  }
  for (const prefix of [env.VIRTUAL_ENV, env.CONDA_PREFIX]) {
    if (prefix === undefined || prefix.trim() === '') continue;
    const interpreter = environmentInterpreter(prefix);
    if (isExecutableFile(interpreter)) return { ok: true, program: interpreter };
  }
  const other = program === 'python3' ? 'python' : 'python3';
  const found = findOnPath(program, env) ?? findOnPath(other, env);
  if (found !== null) return { ok: true, program: found };
  return {
    ok: false,
    message: `command[0] "${program}": no Python found (no active virtualenv or conda environment, and neither python3 nor python on PATH); install Python, or set ${PYTHON_OVERRIDE_VARIABLE} to the interpreter (e.g. in the experiment's env), or write its full path in command`,
  };
}

/** Where a virtualenv or conda environment keeps its interpreter. */
function environmentInterpreter(prefix: string): string {
  if (process.platform !== 'win32') return path.join(prefix, 'bin', 'python');
  // venv: Scripts\python.exe; conda: python.exe at the root.
  const venv = path.join(prefix, 'Scripts', 'python.exe');
  return isExecutableFile(venv) ? venv : path.join(prefix, 'python.exe');
}

export function checkWorkdir(workdir: string): string | null {
  try {
    if (statSync(workdir).isDirectory()) return null;
    return `workdir ${workdir} is not a folder; fix workdir (it is relative to the experiment file)`;
  } catch {
    return `workdir ${workdir} does not exist; fix workdir (it is relative to the experiment file)`;
  }
}
