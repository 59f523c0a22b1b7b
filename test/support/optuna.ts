import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './paths';

/** Debian's python3-optuna lives under this interpreter, not the python3 first on PATH. */
export const OPTUNA_PYTHON = '/usr/bin/python3';
export const hasOptuna = spawnSync(OPTUNA_PYTHON, ['-c', 'import optuna'], { encoding: 'utf8' }).status === 0;
export const NO_OPTUNA_REASON = `${OPTUNA_PYTHON} cannot import optuna (apt-get install python3-optuna)`;

/**
 * Writes the fixture's real studies into `file` with Optuna (test/fixtures/optuna-studies.py) and
 * returns what Optuna itself reports about them. Asynchronous: it takes seconds.
 */
export function writeOptunaStudies(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(OPTUNA_PYTHON, [path.join(repoRoot, 'test', 'fixtures', 'optuna-studies.py'), file], { encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`optuna-studies.py failed: ${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}
