import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';

// test/support/optuna.ts is ESM (import.meta) and Playwright loads specs as CommonJS, so the e2e
// tests run the same fixture script through this small twin.
const OPTUNA_PYTHON = '/usr/bin/python3';
const repoRoot = path.resolve(__dirname, '..', '..', '..');

export const hasOptuna = spawnSync(OPTUNA_PYTHON, ['-c', 'import optuna'], { encoding: 'utf8' }).status === 0;
export const NO_OPTUNA_REASON = `${OPTUNA_PYTHON} cannot import optuna (apt-get install python3-optuna)`;

/** Writes test/fixtures/optuna-studies.py's real studies (min-study, max-study) into `file` with Optuna. */
export function writeOptunaStudies(file: string): void {
  execFileSync(OPTUNA_PYTHON, [path.join(repoRoot, 'test', 'fixtures', 'optuna-studies.py'), file], { encoding: 'utf8', timeout: 120_000, stdio: 'pipe' });
}
