import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import type { TrialState } from '../../shared/domain';
import { validateExperimentFile, type ExperimentSpec } from '../../shared/experiment-file';
import type { ImportReportItem } from '../../shared/imports/import-report';
import { fail, ok, type Result } from '../../shared/result';
import { PARAM_NAME_PATTERN, type CategoricalChoice } from '../../shared/search-space';
import type { HistoricExperiment, HistoricTrial } from '../store/repositories/imported-history';
import { decodeParam, parseDistribution, type OptunaDistribution } from './optuna-distributions';
import { spaceEntry } from './optuna-space';

/**
 * Reads one study from an Optuna RDB SQLite file, read-only, as a finished Tundra experiment:
 * the search space rebuilt from the stored distributions, every trial with its decoded parameters,
 * state, objective value, intermediate values (the objective's curve) and times.
 *
 * States: COMPLETE -> completed, PRUNED -> stopped, FAIL -> failed, RUNNING -> interrupted (it was
 * running, or its process died, when the file was read); WAITING trials (enqueued, never started)
 * are left out. Tundra numbers trials from 1: Tundra trial N is Optuna trial N - 1.
 */

export interface OptunaImport {
  readonly history: HistoricExperiment;
  readonly report: readonly ImportReportItem[];
}

/** What the experiment file says instead of a command: an imported study never runs. */
export const IMPORTED_COMMAND_PLACEHOLDER = 'REPLACE-WITH-YOUR-TRAINING-COMMAND';

const REQUIRED_TABLES = ['studies', 'study_directions', 'trials', 'trial_params', 'trial_values'];

const STATES: Readonly<Record<string, TrialState | null>> = {
  COMPLETE: 'completed',
  PRUNED: 'stopped',
  FAIL: 'failed',
  RUNNING: 'interrupted',
  WAITING: null,
};

/** Optuna writes naive local times (`datetime.now()`), e.g. `2026-12-03 08:01:02.123456`. */
export function parseOptunaTime(text: string | null): number | null {
  if (!text) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction] = match;
  const ms = fraction ? Math.floor(Number(fraction.padEnd(6, '0')) / 1000) : 0;
  return new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms).getTime();
}

interface TrialRow {
  trial_id: number;
  number: number;
  state: string;
  datetime_start: string | null;
  datetime_complete: string | null;
}

function columns(db: Database.Database, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((row) => row.name));
}

/** `fileLabel` names the file in messages and in the experiment's origin. */
export function readOptunaStudy(file: string, studyName: string | undefined, now: number): Result<OptunaImport> {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) return fail('io-error', `There is no file ${absolute}.`, [{ path: 'path', message: 'there is no such file' }]);
  let db: Database.Database;
  try {
    db = new Database(absolute, { readonly: true, fileMustExist: true });
  } catch (error) {
    return fail('io-error', `Cannot open ${absolute}: ${error instanceof Error ? error.message : String(error)}.`, [{ path: 'path', message: 'cannot be opened' }]);
  }
  try {
    let tables: Set<string>;
    try {
      tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return fail('invalid-arguments', `${absolute} is not an Optuna database (${reason}).`, [{ path: 'path', message: 'not an SQLite file' }]);
    }
    const missing = REQUIRED_TABLES.filter((table) => !tables.has(table));
    if (missing.length > 0) {
      const message = `${absolute} is not an Optuna database: it has no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''}. Give the file of storage="sqlite:///FILE".`;
      return fail('invalid-arguments', message, [{ path: 'path', message: 'not an Optuna RDB storage' }]);
    }
    return readStudy(db, tables, absolute, studyName, now);
  } finally {
    db.close();
  }
}

function readStudy(db: Database.Database, tables: ReadonlySet<string>, file: string, studyName: string | undefined, now: number): Result<OptunaImport> {
  const report: ImportReportItem[] = [];
  const studies = db.prepare('SELECT study_id, study_name FROM studies ORDER BY study_id').all() as { study_id: number; study_name: string }[];
  const names = studies.map((s) => JSON.stringify(s.study_name)).join(', ');
  if (studies.length === 0) return fail('not-found', `${file} holds no Optuna study.`, [{ path: 'study', message: 'no studies' }]);
  let study: (typeof studies)[number] | undefined;
  if (studyName === undefined) {
    if (studies.length > 1) {
      return fail('invalid-arguments', `${file} holds ${studies.length} studies: ${names}. Choose one with --study NAME.`, [{ path: 'study', message: `one of ${names}` }]);
    }
    study = studies[0];
  } else {
    study = studies.find((s) => s.study_name === studyName);
    if (!study) return fail('not-found', `${file} has no study ${JSON.stringify(studyName)}; its studies: ${names}.`, [{ path: 'study', message: `one of ${names}` }]);
  }
  const { study_id: studyId, study_name: name } = study!;

  const directions = db.prepare('SELECT objective, direction FROM study_directions WHERE study_id = ? ORDER BY objective').all(studyId) as { objective: number; direction: string }[];
  if (directions.length > 1) {
    report.push({ field: 'study_directions', action: 'approximated', message: `a multi-objective study (${directions.length} objectives): only the first (${directions[0]!.direction.toLowerCase()}) was imported` });
  }
  const direction = directions[0]?.direction ?? 'MINIMIZE';
  if (direction !== 'MINIMIZE' && direction !== 'MAXIMIZE') report.push({ field: 'study_directions', action: 'note', message: `direction ${direction}: taken as minimize` });
  let metric = 'value';
  if (tables.has('study_system_attributes')) {
    const row = db.prepare("SELECT value_json FROM study_system_attributes WHERE study_id = ? AND key = 'study:metric_names'").get(studyId) as { value_json: string } | undefined;
    const metricNames = row ? (JSON.parse(row.value_json) as unknown) : undefined;
    if (Array.isArray(metricNames) && typeof metricNames[0] === 'string' && metricNames[0].trim() !== '') metric = metricNames[0];
  }

  const trialRows = db.prepare('SELECT trial_id, number, state, datetime_start, datetime_complete FROM trials WHERE study_id = ? ORDER BY number').all(studyId) as TrialRow[];
  const waiting = trialRows.filter((row) => STATES[row.state] === null).length;
  if (waiting > 0) report.push({ field: 'trials.state', action: 'dropped', message: `${waiting} WAITING trial${waiting > 1 ? 's' : ''} (enqueued, never started) left out` });
  const kept = trialRows.filter((row) => STATES[row.state] !== null);
  if (kept.length === 0) return fail('not-found', `Study ${JSON.stringify(name)} in ${file} has no trials that started; there is nothing to import.`, [{ path: 'study', message: 'no trials' }]);
  const unknownState = kept.find((row) => STATES[row.state] === undefined);
  if (unknownState) return fail('unsupported', `Trial ${unknownState.number} of study ${JSON.stringify(name)} has state ${unknownState.state}, which this Tundra does not know.`);

  // Parameters: distributions per name (to rebuild the space), values per trial.
  const paramRows = db
    .prepare('SELECT p.trial_id, p.param_name, p.param_value, p.distribution_json FROM trial_params p JOIN trials t ON t.trial_id = p.trial_id WHERE t.study_id = ? ORDER BY p.param_id')
    .all(studyId) as { trial_id: number; param_name: string; param_value: number; distribution_json: string }[];
  const distributionsByName = new Map<string, OptunaDistribution[]>();
  const seenByName = new Map<string, CategoricalChoice[]>();
  const paramsByTrial = new Map<number, Record<string, CategoricalChoice>>();
  const tundraName = new Map<string, string>();
  const nameFor = (optunaName: string) => {
    let mapped = tundraName.get(optunaName);
    if (mapped === undefined) {
      mapped = PARAM_NAME_PATTERN.test(optunaName) ? optunaName : optunaName.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^([^A-Za-z_])/, '_$1');
      while ([...tundraName.values()].includes(mapped)) mapped = `${mapped}_`;
      if (mapped !== optunaName) report.push({ field: `trial_params.${optunaName}`, action: 'approximated', message: `renamed to ${mapped}: Tundra parameter names use letters, digits, _ . -` });
      tundraName.set(optunaName, mapped);
    }
    return mapped;
  };
  for (const row of paramRows) {
    const distribution = parseDistribution(row.distribution_json);
    if (typeof distribution === 'string') return fail('unsupported', `Parameter ${row.param_name} of study ${JSON.stringify(name)}: ${distribution}.`);
    const key = nameFor(row.param_name);
    distributionsByName.set(key, [...(distributionsByName.get(key) ?? []), distribution]);
    const value = decodeParam(distribution, row.param_value) ?? 'None';
    seenByName.set(key, [...(seenByName.get(key) ?? []), value]);
    paramsByTrial.set(row.trial_id, { ...(paramsByTrial.get(row.trial_id) ?? {}), [key]: value });
  }
  if (distributionsByName.size === 0) return fail('unsupported', `Study ${JSON.stringify(name)} in ${file} has no parameters; Tundra needs at least one to show a search space.`);
  const space: Record<string, unknown> = {};
  for (const [key, distributions] of distributionsByName) {
    space[key] = spaceEntry(key, distributions, seenByName.get(key) ?? [], report);
    // Trials that reached no suggestion at all (asked, never run) say nothing about conditions.
    const withParams = kept.filter((row) => paramsByTrial.has(row.trial_id));
    const count = withParams.filter((row) => paramsByTrial.get(row.trial_id)![key] !== undefined).length;
    if (count < withParams.length) {
      report.push({ field: `trial_params.${key}`, action: 'note', message: `set in ${count} of ${withParams.length} trials (conditional in the objective); absent values stay empty` });
    }
  }

  // Objective values and the curve of intermediate values.
  const valueColumns = columns(db, 'trial_values');
  const values = db
    .prepare(`SELECT v.trial_id, v.value${valueColumns.has('value_type') ? ', v.value_type' : ", 'FINITE' AS value_type"} FROM trial_values v JOIN trials t ON t.trial_id = v.trial_id WHERE t.study_id = ? AND v.objective = 0`)
    .all(studyId) as { trial_id: number; value: number | null; value_type: string }[];
  const valueByTrial = new Map<number, number | null>();
  let infinite = 0;
  for (const row of values) {
    const finite = row.value_type === 'FINITE' && row.value !== null && Number.isFinite(row.value);
    if (!finite) infinite += 1;
    valueByTrial.set(row.trial_id, finite ? row.value : null);
  }
  if (infinite > 0) report.push({ field: 'trial_values.value', action: 'approximated', message: `${infinite} infinite value${infinite > 1 ? 's' : ''} stored as no value` });
  const curves = new Map<number, { step: number; value: number }[]>();
  if (tables.has('trial_intermediate_values')) {
    const intermediateColumns = columns(db, 'trial_intermediate_values');
    const rows = db
      .prepare(
        `SELECT i.trial_id, i.step, i.intermediate_value${intermediateColumns.has('intermediate_value_type') ? ', i.intermediate_value_type' : ", 'FINITE' AS intermediate_value_type"}
         FROM trial_intermediate_values i JOIN trials t ON t.trial_id = i.trial_id WHERE t.study_id = ? ORDER BY i.trial_id, i.step`,
      )
      .all(studyId) as { trial_id: number; step: number; intermediate_value: number | null; intermediate_value_type: string }[];
    for (const row of rows) {
      if (row.intermediate_value_type !== 'FINITE' || row.intermediate_value === null || !Number.isFinite(row.intermediate_value)) continue;
      curves.set(row.trial_id, [...(curves.get(row.trial_id) ?? []), { step: row.step, value: row.intermediate_value }]);
    }
  }
  if (tables.has('trial_user_attributes')) {
    const count = (db.prepare('SELECT COUNT(*) AS n FROM trial_user_attributes a JOIN trials t ON t.trial_id = a.trial_id WHERE t.study_id = ?').get(studyId) as { n: number }).n;
    if (count > 0) report.push({ field: 'trial_user_attributes', action: 'dropped', message: `${count} user attribute${count > 1 ? 's' : ''} not imported (Tundra records metrics, not free-form attributes)` });
  }

  const trials: HistoricTrial[] = kept.map((row) => {
    const state = STATES[row.state]!;
    const startedAt = parseOptunaTime(row.datetime_start);
    const endedAt = parseOptunaTime(row.datetime_complete);
    const curve = curves.get(row.trial_id) ?? [];
    const message =
      state === 'stopped' ? `pruned by Optuna${curve.length > 0 ? ` at step ${curve[curve.length - 1]!.step}` : ''}`
      : state === 'failed' ? 'failed in Optuna'
      : state === 'interrupted' ? 'was running in Optuna when the study was imported'
      : null;
    return {
      number: row.number + 1,
      state,
      params: paramsByTrial.get(row.trial_id) ?? {},
      value: valueByTrial.get(row.trial_id) ?? null,
      lastStep: curve.length > 0 ? Math.max(...curve.map((p) => p.step)) : null,
      message,
      startedAt,
      endedAt,
      points: curve.map((p) => ({ ...p, time: endedAt ?? startedAt ?? now })),
    };
  });
  report.push({ field: 'trials.number', action: 'note', message: 'Tundra numbers trials from 1: Tundra trial N is Optuna trial N - 1' });
  const interrupted = trials.filter((t) => t.state === 'interrupted').length;
  if (interrupted > 0) report.push({ field: 'trials.state', action: 'note', message: `${interrupted} RUNNING trial${interrupted > 1 ? 's' : ''} imported as interrupted` });

  const document = {
    name: name.trim() === '' ? 'optuna-study' : name.slice(0, 200),
    command: [IMPORTED_COMMAND_PLACEHOLDER, ...Object.keys(space).map((key) => `--${key}={${key}}`)],
    workdir: path.dirname(file),
    objective: { metric, mode: direction === 'MAXIMIZE' ? 'max' : 'min' },
    space,
    search: { algorithm: 'auto', seed: 0 },
    budget: { trials: trials.length, parallel: 1 },
  };
  const validated = validateExperimentFile(document);
  if (!validated.ok) return fail('unsupported', `Study ${JSON.stringify(name)} does not make a valid Tundra experiment:\n${validated.error.message}`, validated.error.issues);
  const spec = validated.value as ExperimentSpec;
  const source = `study ${JSON.stringify(name)} in ${file}`;
  const startTimes = trials.flatMap((t) => (t.startedAt === null ? [] : [t.startedAt]));
  const endTimes = trials.flatMap((t) => (t.endedAt === null ? [] : [t.endedAt]));
  return ok({
    report,
    history: {
      spec,
      sourceYaml: `# Imported from Optuna ${source}: read-only history, it never runs.\n${toYaml(document)}`,
      origin: { kind: 'optuna-study', source, importedAt: now },
      startedAt: startTimes.length > 0 ? Math.min(...startTimes) : null,
      finishedAt: endTimes.length > 0 ? Math.max(...endTimes) : now,
      message: `Imported from Optuna ${source}: read-only history.`,
      trials,
    },
  });
}
