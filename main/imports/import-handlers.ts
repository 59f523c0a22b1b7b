import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ImportedStudy, ImportedSweep } from '../../shared/api';
import { convertWandbSweep, sweepYaml } from '../../shared/imports/wandb-sweep';
import { fail, ok, type Result } from '../../shared/result';
import type { EventHub } from '../api/event-hub';
import { runsDirFor } from '../paths';
import type { Store } from '../store/store';
import { readOptunaStudy } from './optuna-study';

/**
 * A W&B sweep as an experiment file to review (nothing is stored). `baseDir` is the sweep file's
 * folder: the program is looked for there, and the experiment file's workdir is `workdir`
 * (relative to where that file will be saved; `.` when it is saved beside the sweep).
 */
export function importWandbSweep(yaml: string, baseDir: string, options: { fallbackName?: string; workdir?: string } = {}): Result<ImportedSweep> {
  if (!path.isAbsolute(baseDir)) {
    return fail('invalid-arguments', `Base folder must be an absolute path, got "${baseDir}".`, [{ path: 'baseDir', message: 'must be an absolute path, e.g. /home/me/project' }]);
  }
  const converted = convertWandbSweep(yaml, options);
  if (!converted.ok) return converted;
  const { file } = converted.value;
  const report = [...converted.value.report];
  // The program is the first word that is not an interpreter; a path is checked against baseDir.
  const program = file.command.find((word, index) => index > 0 || !/^python3?$/.test(word)) ?? file.command[0]!;
  if (/\.(py|sh)$/.test(program) && !existsSync(path.resolve(baseDir, program))) {
    report.push({ field: 'program', action: 'note', message: `${program} is not in ${baseDir}; fix command or workdir before running` });
  }
  return ok({ yaml: sweepYaml(converted.value.document, report), report });
}

/** An Optuna study stored as a finished, read-only experiment. */
export function importOptunaStudy(deps: { store: Store; hub: EventHub; now: () => number }, file: string, study: string | undefined): Result<ImportedStudy> {
  const read = readOptunaStudy(file, study, deps.now());
  if (!read.ok) return read;
  const runsDir = runsDirFor(deps.store.file);
  const id = deps.store.importedHistory.store(read.value.history, (experimentId, number) => path.join(runsDir, `experiment-${experimentId}`, `trial-${String(number).padStart(4, '0')}`), deps.now());
  deps.store.events.append(id, null, 'experiment', `imported from Optuna ${read.value.history.origin.source}`, deps.now());
  const experiment = deps.store.experiments.get(id)!;
  deps.hub.experimentUpdated(experiment);
  return ok({ experiment, report: read.value.report });
}
