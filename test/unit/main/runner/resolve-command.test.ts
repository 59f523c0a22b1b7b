import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveProgram } from '../../../../main/runner/resolve-command';
import { tempDir } from '../../../support/paths';

/** Real folders holding real executable files: the layout of a virtualenv, a conda env and PATH folders. */
function executable(file: string, mode = 0o755): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(file, mode);
  return file;
}

function machine() {
  const root = tempDir('tundra-resolve-');
  const venv = path.join(root, 'venv');
  const conda = path.join(root, 'conda');
  const usrBin = path.join(root, 'usr', 'bin');
  const localBin = path.join(root, 'local', 'bin');
  const workdir = path.join(root, 'project');
  mkdirSync(workdir, { recursive: true });
  mkdirSync(usrBin, { recursive: true });
  mkdirSync(localBin, { recursive: true });
  return { root, venv, conda, usrBin, localBin, workdir, PATH: [localBin, usrBin].join(path.delimiter) };
}

function resolved(program: string, cwd: string, env: NodeJS.ProcessEnv): string {
  const result = resolveProgram(program, cwd, env);
  if (!result.ok) throw new Error(result.message);
  return result.program;
}

describe.skipIf(process.platform === 'win32')('which Python python3 and python mean', () => {
  it('TUNDRA_PYTHON wins over the virtualenv, the conda env and PATH', () => {
    const m = machine();
    executable(path.join(m.venv, 'bin', 'python'));
    executable(path.join(m.conda, 'bin', 'python'));
    executable(path.join(m.usrBin, 'python3'));
    const chosen = executable(path.join(m.root, 'debian', 'python3'));
    const env = { PATH: m.PATH, VIRTUAL_ENV: m.venv, CONDA_PREFIX: m.conda, TUNDRA_PYTHON: chosen };
    expect(resolved('python3', m.workdir, env)).toBe(chosen);
    expect(resolved('python', m.workdir, env)).toBe(chosen);
  });

  it('TUNDRA_PYTHON may be relative to the workdir or a name on PATH', () => {
    const m = machine();
    const local = executable(path.join(m.workdir, '.venv', 'bin', 'python'));
    const onPath = executable(path.join(m.localBin, 'python3.11'));
    expect(resolved('python3', m.workdir, { PATH: m.PATH, TUNDRA_PYTHON: '.venv/bin/python' })).toBe(local);
    expect(resolved('python3', m.workdir, { PATH: m.PATH, TUNDRA_PYTHON: 'python3.11' })).toBe(onPath);
  });

  it('a TUNDRA_PYTHON that does not exist is an error naming it, not a silent fallback to another Python', () => {
    const m = machine();
    executable(path.join(m.usrBin, 'python3'));
    const missing = path.join(m.root, 'nowhere', 'python');
    const result = resolveProgram('python3', m.workdir, { PATH: m.PATH, TUNDRA_PYTHON: missing });
    expect(result).toEqual({ ok: false, message: expect.stringContaining(`TUNDRA_PYTHON "${missing}" was not found`) });
    expect(!result.ok && result.message).toMatch(/or unset it/);
    const notOnPath = resolveProgram('python3', m.workdir, { PATH: m.PATH, TUNDRA_PYTHON: 'python9' });
    expect(!notOnPath.ok && notOnPath.message).toMatch(/TUNDRA_PYTHON "python9" was not found on PATH/);
  });

  it('the active virtualenv comes before the conda env and PATH, and keeps its own path (not the link target)', () => {
    const m = machine();
    const system = executable(path.join(m.usrBin, 'python3'));
    mkdirSync(path.join(m.venv, 'bin'), { recursive: true });
    // A venv's bin/python is usually a symlink to the base interpreter; only the venv path loads the venv's packages.
    symlinkSync(system, path.join(m.venv, 'bin', 'python'));
    executable(path.join(m.conda, 'bin', 'python'));
    const env = { PATH: m.PATH, VIRTUAL_ENV: m.venv, CONDA_PREFIX: m.conda };
    expect(resolved('python3', m.workdir, env)).toBe(path.join(m.venv, 'bin', 'python'));
  });

  it('a virtualenv variable pointing at a folder without an interpreter is passed over', () => {
    const m = machine();
    mkdirSync(m.venv, { recursive: true });
    const conda = executable(path.join(m.conda, 'bin', 'python'));
    expect(resolved('python3', m.workdir, { PATH: m.PATH, VIRTUAL_ENV: m.venv, CONDA_PREFIX: m.conda })).toBe(conda);
  });

  it('the active conda env comes before PATH', () => {
    const m = machine();
    executable(path.join(m.usrBin, 'python3'));
    const conda = executable(path.join(m.conda, 'bin', 'python'));
    expect(resolved('python3', m.workdir, { PATH: m.PATH, CONDA_PREFIX: m.conda })).toBe(conda);
  });

  it('on PATH the name as written comes first, then the other one', () => {
    const m = machine();
    const python3 = executable(path.join(m.usrBin, 'python3'));
    const python = executable(path.join(m.usrBin, 'python'));
    expect(resolved('python3', m.workdir, { PATH: m.PATH })).toBe(python3);
    expect(resolved('python', m.workdir, { PATH: m.PATH })).toBe(python);

    const onlyPython = machine();
    const lone = executable(path.join(onlyPython.localBin, 'python'));
    expect(resolved('python3', onlyPython.workdir, { PATH: onlyPython.PATH })).toBe(lone);
    const onlyPython3 = machine();
    const lone3 = executable(path.join(onlyPython3.usrBin, 'python3'));
    expect(resolved('python', onlyPython3.workdir, { PATH: onlyPython3.PATH })).toBe(lone3);
  });

  it('earlier PATH folders win, and a file that is not executable is not a Python', () => {
    const m = machine();
    executable(path.join(m.localBin, 'python3'), 0o644);
    const usable = executable(path.join(m.usrBin, 'python3'));
    expect(resolved('python3', m.workdir, { PATH: m.PATH })).toBe(usable);
  });

  it('with no Python anywhere the error says how to point at one', () => {
    const m = machine();
    const result = resolveProgram('python3', m.workdir, { PATH: m.PATH, VIRTUAL_ENV: '', CONDA_PREFIX: '' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/no Python found.*set TUNDRA_PYTHON/);
  });

  it('other programs, python3.11 and explicit paths are not redirected by TUNDRA_PYTHON or a virtualenv', () => {
    const m = machine();
    executable(path.join(m.venv, 'bin', 'python'));
    const versioned = executable(path.join(m.usrBin, 'python3.11'));
    const tool = executable(path.join(m.usrBin, 'trainer'));
    const explicit = executable(path.join(m.workdir, 'bin', 'python3'));
    const env = { PATH: m.PATH, VIRTUAL_ENV: m.venv, TUNDRA_PYTHON: path.join(m.venv, 'bin', 'python') };
    expect(resolved('python3.11', m.workdir, env)).toBe(versioned);
    expect(resolved('trainer', m.workdir, env)).toBe(tool);
    expect(resolved('./bin/python3', m.workdir, env)).toBe(explicit);
  });
});
