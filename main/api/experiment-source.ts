import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExperimentSource } from '../../shared/api';
import type { ExperimentSpec } from '../../shared/experiment-file';
import { parseExperimentFile } from '../../shared/experiment-file';
import { fail, ok, type Result } from '../../shared/result';

export interface LoadedExperiment {
  readonly spec: ExperimentSpec;
  readonly sourceYaml: string;
}

/**
 * Reads and validates an experiment file from text or from a path, and fixes what must not change
 * later: the workdir becomes absolute (relative to the file), and a missing seed is drawn now and
 * stored, so every experiment can be reproduced.
 */
export function loadExperiment(source: ExperimentSource): Result<LoadedExperiment> {
  let text: string;
  let baseDir: string;
  if (source.kind === 'path') {
    const file = path.resolve(source.path);
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : String(error);
      return fail('io-error', `Cannot read experiment file ${file}: ${reason}.`, [{ path: 'path', message: reason }]);
    }
    baseDir = path.dirname(file);
  } else {
    if (!path.isAbsolute(source.baseDir)) {
      return fail('invalid-arguments', `Base folder must be an absolute path, got "${source.baseDir}".`, [
        { path: 'baseDir', message: 'must be an absolute path, e.g. /home/me/project' },
      ]);
    }
    text = source.yaml;
    baseDir = source.baseDir;
  }
  const parsed = parseExperimentFile(text);
  if (!parsed.ok) return parsed;
  const file = parsed.value;
  const spec: ExperimentSpec = {
    ...file,
    workdir: path.resolve(baseDir, file.workdir),
    search: { ...file.search, seed: file.search.seed ?? randomInt(0, 2 ** 31 - 1) },
  };
  return ok({ spec, sourceYaml: text });
}
