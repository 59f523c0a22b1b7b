import { parse as parseYaml, stringify as toYaml, YAMLParseError } from 'yaml';
import { validateExperimentFile, type ExperimentFile, type SearchAlgorithm } from '../experiment-file';
import { fail, ok, type Result } from '../result';
import { PARAM_NAME_PATTERN } from '../search-space';
import type { ImportReportItem } from './import-report';
import { formatImportReport } from './import-report';

/**
 * W&B sweep configuration (YAML or JSON) -> Tundra experiment file, with a report of everything not
 * carried over exactly. Pure: the caller reads the file and checks the program exists.
 * W&B reference: https://docs.wandb.ai/models/sweeps/sweep-config-keys (docs/import-export.md maps
 * each field).
 */

export interface SweepImportOptions {
  /** The experiment's name when the sweep has none (e.g. the file's name). */
  readonly fallbackName?: string;
  /** `workdir` of the experiment file: where the sweep's program is, relative to the experiment file. */
  readonly workdir?: string;
}

export interface SweepImport {
  readonly file: ExperimentFile;
  /** The experiment file as written out: only the fields the sweep set (defaults left out). */
  readonly document: Readonly<Record<string, unknown>>;
  /** The experiment file as YAML, the report as comments at its top. */
  readonly yaml: string;
  readonly report: readonly ImportReportItem[];
}

/** W&B's own default when a sweep has no command. */
const DEFAULT_COMMAND = ['${env}', '${interpreter}', '${program}', '${args}'];
const METHODS: Readonly<Record<string, SearchAlgorithm>> = { grid: 'grid', random: 'random', bayes: 'gp' };
const KNOWN_KEYS = ['program', 'method', 'metric', 'parameters', 'early_terminate', 'command', 'run_cap', 'name', 'description', 'entity', 'project'];
/** When a sweep has no run_cap and the space is not a finite grid. */
export const DEFAULT_SWEEP_TRIALS = 20;

type Scalar = string | number | boolean;
type Mapping = Record<string, unknown>;
/** A parameter of the experiment file, as written (defaults left out). */
type SpaceEntry = Mapping & { type: string };

class SweepError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const isMapping = (value: unknown): value is Mapping => value !== null && typeof value === 'object' && !Array.isArray(value);
/** Parsed with intAsBigInt, so `1` (a whole number in W&B's Python) and `1.0` (a float) stay apart. */
const isWhole = (value: unknown): value is bigint => typeof value === 'bigint';
const isNumber = (value: unknown): value is number | bigint => typeof value === 'number' || typeof value === 'bigint';

function toNumber(value: unknown, field: string): number {
  if (!isNumber(value)) throw new SweepError(field, `must be a number, got ${JSON.stringify(plain(value))}`);
  const number = Number(value);
  if (!Number.isFinite(number)) throw new SweepError(field, 'must be a finite number');
  return number;
}

/** Back to JSON-able values (bigints become numbers). */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (isMapping(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** A field's value as text: strings as they are, anything else as JSON. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(plain(value));
}

/** A choice Tundra can hold; anything else (lists, mappings, null) becomes its JSON text. */
function toChoice(value: unknown): { choice: Scalar; exact: boolean } {
  const simple = plain(value);
  if (typeof simple === 'string' || typeof simple === 'boolean' || (typeof simple === 'number' && Number.isFinite(simple))) return { choice: simple, exact: true };
  return { choice: JSON.stringify(simple), exact: false };
}

interface Converter {
  readonly report: ImportReportItem[];
}

function note(c: Converter, field: string, action: ImportReportItem['action'], message: string): void {
  c.report.push({ field, action, message });
}

/** One W&B parameter -> one Tundra parameter. */
function convertParam(c: Converter, field: string, spec: Mapping): SpaceEntry {
  const known = ['distribution', 'value', 'values', 'probabilities', 'min', 'max', 'q', 'mu', 'sigma', 'a', 'b'];
  for (const key of Object.keys(spec)) if (!known.includes(key)) note(c, `${field}.${key}`, 'dropped', 'not a W&B parameter field Tundra knows; ignored');
  const distribution = spec.distribution === undefined ? undefined : asText(spec.distribution);

  if (spec.value !== undefined && spec.values === undefined && (distribution === undefined || distribution === 'constant')) {
    const { choice, exact } = toChoice(spec.value);
    if (!exact) note(c, `${field}.value`, 'approximated', `not a number, string or boolean: passed as its JSON text ${choice}`);
    return { type: 'fixed', value: choice };
  }
  if (spec.values !== undefined) {
    if (distribution !== undefined && distribution !== 'categorical') {
      note(c, `${field}.distribution`, 'dropped', `${distribution} with values: the values are used as the choices`);
    }
    if (!Array.isArray(spec.values) || spec.values.length === 0) throw new SweepError(`${field}.values`, 'must be a non-empty list of values');
    if (spec.probabilities !== undefined) {
      note(c, `${field}.probabilities`, 'dropped', 'Tundra samples choices uniformly (its searchers learn which are good)');
    }
    const converted = spec.values.map(toChoice);
    if (converted.some((entry) => !entry.exact)) {
      note(c, `${field}.values`, 'approximated', 'lists, mappings or null among the values: each is passed as its JSON text');
    }
    const choices: Scalar[] = [];
    for (const { choice } of converted) if (!choices.includes(choice)) choices.push(choice);
    if (choices.length < converted.length) note(c, `${field}.values`, 'note', 'repeated values were listed once');
    if (choices.length === 2 && choices.includes(true) && choices.includes(false)) return { type: 'bool' };
    return { type: 'categorical', choices };
  }

  const inferred = distribution ?? (spec.min !== undefined || spec.max !== undefined ? (isWhole(spec.min) && isWhole(spec.max) ? 'int_uniform' : 'uniform') : undefined);
  if (inferred === undefined) throw new SweepError(field, 'needs value, values, min and max, or a distribution');
  const range = () => {
    const low = toNumber(spec.min, `${field}.min`);
    const high = toNumber(spec.max, `${field}.max`);
    if (low > high) throw new SweepError(`${field}.min`, `must not be above max (${high})`);
    return { low, high };
  };
  const gaussian = (kind: string) => {
    const mu = spec.mu === undefined ? 0 : toNumber(spec.mu, `${field}.mu`);
    const sigma = spec.sigma === undefined ? 1 : toNumber(spec.sigma, `${field}.sigma`);
    if (sigma <= 0) throw new SweepError(`${field}.sigma`, 'must be above 0');
    note(c, `${field}.distribution`, 'approximated', `${kind} (mu ${mu}, sigma ${sigma}): Tundra has no bell-shaped prior; searched uniformly over mu ± 2 sigma (95% of the mass)`);
    return { low: mu - 2 * sigma, high: mu + 2 * sigma };
  };
  const q = () => (spec.q === undefined ? 1 : toNumber(spec.q, `${field}.q`));

  switch (inferred) {
    case 'constant':
      throw new SweepError(`${field}.value`, 'distribution constant needs value');
    case 'categorical':
      throw new SweepError(`${field}.values`, 'distribution categorical needs values');
    case 'int_uniform': {
      const { low, high } = range();
      if (!Number.isInteger(low) || !Number.isInteger(high)) throw new SweepError(`${field}.min`, 'int_uniform needs whole numbers for min and max');
      return numeric(c, field, 'int', low, high, {});
    }
    case 'uniform': {
      const { low, high } = range();
      return numeric(c, field, 'float', low, high, {});
    }
    case 'q_uniform':
      return quantised(c, field, range(), q(), false);
    case 'log_uniform': {
      // W&B's log_uniform takes natural-log bounds: values run from e^min to e^max.
      const { low, high } = range();
      note(c, `${field}.distribution`, 'note', `log_uniform bounds are natural logarithms: low e^${low}, high e^${high}`);
      return numeric(c, field, 'float', Math.exp(low), Math.exp(high), { log: true });
    }
    case 'log_uniform_values': {
      const { low, high } = range();
      return numeric(c, field, 'float', low, high, { log: true });
    }
    case 'q_log_uniform': {
      const { low, high } = range();
      note(c, `${field}.distribution`, 'note', `q_log_uniform bounds are natural logarithms: low e^${low}, high e^${high}`);
      return quantised(c, field, { low: Math.exp(low), high: Math.exp(high) }, q(), true);
    }
    case 'q_log_uniform_values':
      return quantised(c, field, range(), q(), true);
    case 'inv_log_uniform': {
      // log(1/X) uniform on [min, max]: X is log-uniform on [e^-max, e^-min].
      const { low, high } = range();
      note(c, `${field}.distribution`, 'note', `inv_log_uniform: 1/X log-uniform on natural-log bounds is X log-uniform on e^-${high}..e^-${low}`);
      return numeric(c, field, 'float', Math.exp(-high), Math.exp(-low), { log: true });
    }
    case 'inv_log_uniform_values': {
      const { low, high } = range();
      note(c, `${field}.distribution`, 'note', 'inv_log_uniform_values: 1/X log-uniform is X log-uniform on the same bounds');
      return numeric(c, field, 'float', low, high, { log: true });
    }
    case 'normal':
    case 'q_normal': {
      const bounds = gaussian(inferred);
      return inferred === 'q_normal' ? quantised(c, field, bounds, q(), false) : numeric(c, field, 'float', bounds.low, bounds.high, {});
    }
    case 'log_normal':
    case 'q_log_normal': {
      const { low, high } = gaussian(inferred);
      const bounds = { low: Math.exp(low), high: Math.exp(high) };
      return inferred === 'q_log_normal' ? quantised(c, field, bounds, q(), true) : numeric(c, field, 'float', bounds.low, bounds.high, { log: true });
    }
    case 'beta':
    case 'q_beta': {
      note(c, `${field}.distribution`, 'approximated', `${inferred}: Tundra has no beta prior; searched uniformly over its support 0..1`);
      return inferred === 'q_beta' ? quantised(c, field, { low: 0, high: 1 }, q(), false) : numeric(c, field, 'float', 0, 1, {});
    }
    default:
      throw new SweepError(`${field}.distribution`, `unknown distribution "${inferred}"; W&B's are constant, categorical, int_uniform, uniform, q_uniform, log_uniform, log_uniform_values, q_log_uniform, q_log_uniform_values, inv_log_uniform, inv_log_uniform_values, normal, q_normal, log_normal, q_log_normal, beta, q_beta`);
  }
}

function numeric(c: Converter, field: string, type: 'int' | 'float', low: number, high: number, extra: { log?: boolean; step?: number }): SpaceEntry {
  if (low === high) {
    note(c, field, 'note', `min equals max: a fixed value ${low}`);
    return { type: 'fixed', value: low };
  }
  return { type, low, high, ...(extra.log ? { log: true } : {}), ...(extra.step === undefined ? {} : { step: extra.step }) };
}

/** round(X / q) * q: whole-number q on whole bounds is an int with a step; otherwise a float step. */
function quantised(c: Converter, field: string, bounds: { low: number; high: number }, q: number, log: boolean): SpaceEntry {
  if (q <= 0) throw new SweepError(`${field}.q`, 'must be above 0');
  // W&B's values are multiples of q; Tundra's are low + k * q: the same once low is a multiple of q.
  const low = Math.ceil(bounds.low / q - 1e-9) * q;
  const high = Math.floor(bounds.high / q + 1e-9) * q;
  if (low > high) throw new SweepError(`${field}.q`, `no multiple of q (${q}) lies between min and max`);
  if (Math.abs(low - bounds.low) > 1e-12 || Math.abs(high - bounds.high) > 1e-12) {
    note(c, field, 'note', `bounds rounded to multiples of q: ${low}..${high}`);
  }
  const whole = Number.isInteger(q) && Number.isInteger(low) && Number.isInteger(high);
  if (log && q !== 1) note(c, `${field}.q`, 'approximated', `log scale with step ${q}: Tundra samples on the log scale and snaps to low + k * ${q}`);
  if (log && low <= 0) throw new SweepError(`${field}.min`, 'a log scale needs bounds above 0');
  if (high - low < q && low !== high) return numeric(c, field, whole ? 'int' : 'float', low, high, { log });
  return numeric(c, field, whole ? 'int' : 'float', low, high, { log, ...(q === 1 && whole ? {} : { step: q }) });
}

/** Nested `parameters` become dotted names: `model: {parameters: {hidden: ...}}` -> `model.hidden`. */
function collectParams(c: Converter, parameters: unknown, field: string, prefix: string, into: Map<string, SpaceEntry>): void {
  if (!isMapping(parameters) || Object.keys(parameters).length === 0) throw new SweepError(field, 'must be a mapping of parameter names to their values or distribution');
  for (const [rawName, spec] of Object.entries(parameters)) {
    const paramField = `${field}.${rawName}`;
    if (!isMapping(spec)) throw new SweepError(paramField, 'must be a mapping such as {values: [16, 32]} or {min: 0.001, max: 0.1}');
    let name = `${prefix}${rawName}`;
    if (!PARAM_NAME_PATTERN.test(name)) {
      const fixed = name.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^([^A-Za-z_])/, '_$1');
      note(c, paramField, 'approximated', `renamed to ${fixed}: Tundra parameter names use letters, digits, _ . - and start with a letter or _`);
      name = fixed;
    }
    if (spec.parameters !== undefined) {
      note(c, `${paramField}.parameters`, 'approximated', `nested parameters became dotted names (${name}.*): your script gets --${name}.NAME=VALUE, not one nested ${name} value`);
      collectParams(c, spec.parameters, `${paramField}.parameters`, `${name}.`, into);
      continue;
    }
    if (into.has(name)) throw new SweepError(paramField, `two parameters are both named ${name}; rename one`);
    into.set(name, convertParam(c, paramField, spec));
  }
}

const escapeBraces = (text: string) => text.replace(/[{}]/g, (brace) => brace + brace);

/** `${args_json}`: a JSON object with a placeholder per parameter (strings in quotes). */
function argsJsonTemplate(c: Converter, field: string, space: ReadonlyMap<string, SpaceEntry>): string {
  const parts = [...space.entries()].map(([name, param]) => {
    const values: unknown[] = param.type === 'categorical' ? (param.choices as unknown[]) : param.type === 'fixed' ? [param.value] : [];
    const quoted = values.length > 0 && values.every((value) => typeof value === 'string');
    return `${escapeBraces(JSON.stringify(name))}: ${quoted ? `"{${name}}"` : `{${name}}`}`;
  });
  note(c, field, 'approximated', '${args_json}: built from a template; string values are not JSON-escaped (avoid quotes and backslashes in them)');
  return `{{${parts.join(', ')}}}`;
}

function convertCommand(c: Converter, raw: unknown, program: string | undefined, space: ReadonlyMap<string, SpaceEntry>): string[] {
  const given = raw === undefined ? DEFAULT_COMMAND : raw;
  if (!Array.isArray(given) || given.length === 0) throw new SweepError('command', 'must be a list of words, e.g. ["${env}", "python3", "${program}", "${args}"]');
  const needProgram = (field: string) => {
    if (program === undefined) throw new SweepError('program', `is required: ${field} uses \${program}`);
    return program;
  };
  const command: string[] = [];
  given.forEach((word: unknown, index) => {
    const field = raw === undefined ? 'command (W&B default)' : `command[${index}]`;
    const text = String(plain(word));
    switch (text) {
      case '${env}':
        // /usr/bin/env on Unix, only there to find the interpreter; Tundra searches PATH itself.
        return;
      case '${interpreter}':
        if (needProgram(field).endsWith('.py')) command.push('python3');
        return;
      case '${program}':
        command.push(escapeBraces(needProgram(field)));
        return;
      case '${args}':
        for (const name of space.keys()) command.push(`--${name}={${name}}`);
        return;
      case '${args_no_hyphens}':
        for (const name of space.keys()) command.push(`${name}={${name}}`);
        return;
      case '${args_json}':
        command.push(argsJsonTemplate(c, field, space));
        return;
      default: {
        const replaced = text.replace(/\$\{(program|interpreter)\}/g, (_all, macro: string) => (macro === 'program' ? needProgram(field) : 'python3'));
        const unknown = replaced.match(/\$\{[^}]*\}/);
        if (unknown) {
          note(c, field, 'dropped', `${unknown[0]} has no Tundra counterpart (Tundra expands \${env}, \${interpreter}, \${program}, \${args}, \${args_no_hyphens}, \${args_json}); the word "${text}" was left out`);
          return;
        }
        command.push(escapeBraces(replaced));
      }
    }
  });
  if (command.length === 0) throw new SweepError('command', 'leaves nothing to run; name the program, e.g. ["python3", "train.py", "${args}"]');
  return command;
}

/** How many configurations a grid has, or null when a parameter is continuous. */
function gridSize(space: ReadonlyMap<string, SpaceEntry>): number | null {
  let size = 1;
  for (const param of space.values()) {
    if (param.type === 'categorical') size *= (param.choices as unknown[]).length;
    else if (param.type === 'bool') size *= 2;
    else if (param.type === 'int') size *= Math.floor(((param.high as number) - (param.low as number)) / ((param.step as number | undefined) ?? 1)) + 1;
    else if (param.type !== 'fixed') return null;
  }
  return size;
}

function convertEarlyTerminate(c: Converter, raw: unknown): Mapping {
  if (!isMapping(raw)) throw new SweepError('early_terminate', 'must be a mapping such as {type: hyperband, min_iter: 3}');
  if (raw.type !== 'hyperband') {
    note(c, 'early_terminate.type', 'dropped', `"${String(raw.type)}" is not an early-termination type Tundra knows (W&B has hyperband); no policy`);
    return {};
  }
  for (const key of Object.keys(raw)) {
    if (!['type', 'min_iter', 'max_iter', 's', 'eta', 'strict'].includes(key)) note(c, `early_terminate.${key}`, 'dropped', 'not a hyperband field Tundra knows');
  }
  const eta = raw.eta === undefined ? 3 : toNumber(raw.eta, 'early_terminate.eta');
  if (!Number.isInteger(eta) || eta < 2 || eta > 10) throw new SweepError('early_terminate.eta', 'Tundra needs a whole number from 2 to 10');
  const brackets = raw.s === undefined ? undefined : toNumber(raw.s, 'early_terminate.s');
  if (brackets !== undefined && (!Number.isInteger(brackets) || brackets < 1)) throw new SweepError('early_terminate.s', 'must be a whole number of at least 1');
  let min: number;
  let max: number;
  if (raw.max_iter !== undefined) {
    max = toNumber(raw.max_iter, 'early_terminate.max_iter');
    // W&B: brackets at max_iter / eta^k for k = 1..s.
    min = raw.min_iter !== undefined ? toNumber(raw.min_iter, 'early_terminate.min_iter') : Math.max(1, Math.floor(max / eta ** (brackets ?? 1)));
  } else if (raw.min_iter !== undefined) {
    min = toNumber(raw.min_iter, 'early_terminate.min_iter');
    max = min * eta ** (brackets ?? 3);
    note(c, 'early_terminate', 'approximated', `W&B's hyperband has no last step; Tundra's policies need one: resource.max ${max} (min_iter × eta^${brackets ?? 3}), and trials end there as completed. Set resource.max to the steps your script runs.`);
  } else {
    throw new SweepError('early_terminate.min_iter', 'hyperband needs min_iter, or max_iter and s');
  }
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || min >= max) {
    throw new SweepError('early_terminate', `needs whole-number iterations with min_iter (${min}) below the last step (${max})`);
  }
  if (raw.strict !== undefined) note(c, 'early_terminate.strict', 'dropped', 'Tundra ASHA keeps the top 1/eta at each rung, as W&B does without strict');
  note(c, 'early_terminate', 'note', `hyperband became ASHA (stopping): trials reporting in the bottom of a rung at ${min} × ${eta}^k steps are stopped, as W&B does; steps are the \`step\` values your script reports`);
  return { resource: { max, min }, policy: { name: 'asha', eta, variant: 'stopping' } };
}

function convert(c: Converter, document: Mapping, options: SweepImportOptions): Record<string, unknown> {
  for (const key of Object.keys(document)) {
    if (!KNOWN_KEYS.includes(key)) note(c, key, 'dropped', 'not a sweep field Tundra carries over');
  }
  for (const key of ['entity', 'project'] as const) {
    if (document[key] !== undefined) note(c, key, 'dropped', 'Tundra stores results in its own database, not a W&B project');
  }
  if (document.description !== undefined) note(c, 'description', 'dropped', 'experiment files have no description field');

  const method = document.method === undefined ? undefined : asText(document.method);
  if (method === undefined) throw new SweepError('method', 'is required: grid, random or bayes');
  const algorithm = METHODS[method];
  if (!algorithm) throw new SweepError('method', `"${method}" is not a W&B method; use grid, random or bayes`);
  if (method === 'bayes') note(c, 'method', 'note', "bayes became Tundra's gp searcher (a Gaussian process, like W&B's)");

  if (!isMapping(document.metric) || typeof document.metric.name !== 'string' || document.metric.name.trim() === '') {
    throw new SweepError('metric.name', 'Tundra needs the metric to optimise, e.g. metric: {name: val_loss, goal: minimize}');
  }
  const goal = document.metric.goal === undefined ? 'minimize' : asText(document.metric.goal);
  if (goal !== 'minimize' && goal !== 'maximize') throw new SweepError('metric.goal', 'must be minimize or maximize');
  if (document.metric.target !== undefined) note(c, 'metric.target', 'dropped', 'Tundra runs to its budget; stop the experiment by hand once a trial is good enough');
  note(c, 'metric.name', 'note', `Tundra reads ${document.metric.name} from your script's output: keep wandb.log and also print "${document.metric.name}: VALUE" per epoch, or call tundra.report (docs/trial-protocol.md)`);

  const space = new Map<string, SpaceEntry>();
  collectParams(c, document.parameters, 'parameters', '', space);

  const program = document.program === undefined ? undefined : String(plain(document.program));
  const command = convertCommand(c, document.command, program, space);

  let trials: number;
  if (document.run_cap !== undefined) {
    trials = toNumber(document.run_cap, 'run_cap');
    if (!Number.isInteger(trials) || trials < 1) throw new SweepError('run_cap', 'must be a whole number of at least 1');
    note(c, 'run_cap', 'note', `became budget.trials: ${trials}`);
  } else {
    const size = algorithm === 'grid' ? gridSize(space) : null;
    trials = size ?? DEFAULT_SWEEP_TRIALS;
    note(c, 'run_cap', 'note', size === null ? `absent: W&B runs until stopped; budget.trials is ${trials}, change it as you like` : `absent: budget.trials is the grid's size, ${trials}`);
  }
  if (trials > 100000) {
    note(c, 'run_cap', 'approximated', `${trials} trials is above Tundra's limit; budget.trials is 100000`);
    trials = 100000;
  }
  note(c, 'budget.parallel', 'note', 'W&B runs one trial per agent you start; Tundra runs budget.parallel at once: 1 here, raise it to use more CPUs or GPUs');

  const name = (document.name === undefined ? options.fallbackName : String(plain(document.name)))?.trim() || 'wandb-sweep';
  return {
    name: name.slice(0, 200),
    command,
    workdir: options.workdir ?? '.',
    objective: { metric: document.metric.name, mode: goal === 'minimize' ? 'min' : 'max' },
    space: Object.fromEntries(space),
    search: { algorithm },
    budget: { trials, parallel: 1 },
    ...(document.early_terminate === undefined ? {} : convertEarlyTerminate(c, document.early_terminate)),
  };
}

export function convertWandbSweep(text: string, options: SweepImportOptions = {}): Result<SweepImport> {
  let document: unknown;
  try {
    document = parseYaml(text, { intAsBigInt: true, prettyErrors: true });
  } catch (error) {
    const message = error instanceof YAMLParseError ? error.message : String(error);
    return fail('invalid-arguments', `The sweep configuration is not valid YAML: ${message}`, [{ path: '(file)', message }]);
  }
  if (!isMapping(document)) {
    return fail('invalid-arguments', 'A W&B sweep configuration is a YAML mapping with method, metric, parameters and program.', [{ path: '(file)', message: 'must be a mapping' }]);
  }
  const converter: Converter = { report: [] };
  let converted: Record<string, unknown>;
  try {
    converted = convert(converter, document, options);
  } catch (error) {
    if (!(error instanceof SweepError)) throw error;
    return fail('invalid-arguments', `${error.field}: ${error.message}`, [{ path: error.field, message: error.message }]);
  }
  const validated = validateExperimentFile(converted);
  if (!validated.ok) {
    return fail('invalid-arguments', `The sweep does not make a valid Tundra experiment:\n${validated.error.message}`, validated.error.issues);
  }
  return ok({ file: validated.value, document: converted, yaml: sweepYaml(converted, converter.report), report: converter.report });
}

/** The experiment file with the report as comments at its top. */
export function sweepYaml(document: Readonly<Record<string, unknown>>, report: readonly ImportReportItem[]): string {
  const header = ['# Imported from a W&B sweep configuration by Tundra. Review before running:', ...formatImportReport(report).map((line) => `#   ${line}`)];
  return `${header.join('\n')}\n${toYaml(document)}`;
}
