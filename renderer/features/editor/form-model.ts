import { isSeq, type Document } from 'yaml';
import { parseDuration } from '../../../shared/duration';
import { listText, parseListText, parseScalarText, scalarText, setPath, type YamlPath } from './yaml-draft';

/**
 * The experiment form's fields as text boxes show them, read from the draft's data, and how each
 * typed text is written back. The form never holds its own copy of the experiment: it renders
 * readForm(data) and writes with setFormField, so the YAML and the form cannot disagree.
 */

/** How a typed text becomes a YAML value. */
type FieldKind =
  /** Written as typed (a name, a folder, a metric name); empty removes the field. */
  | 'text'
  /** A number when it reads as one; otherwise kept as typed, so the schema names the field. */
  | 'number'
  /** Seconds (`90`) or with a unit (`"30m"`). */
  | 'duration'
  /** `a, b, c` as a list. */
  | 'list';

interface FieldSpec {
  readonly path: YamlPath;
  readonly kind: FieldKind;
}

export const FORM_FIELDS = {
  name: { path: ['name'], kind: 'text' },
  workdir: { path: ['workdir'], kind: 'text' },
  metric: { path: ['objective', 'metric'], kind: 'text' },
  mode: { path: ['objective', 'mode'], kind: 'text' },
  algorithm: { path: ['search', 'algorithm'], kind: 'text' },
  seed: { path: ['search', 'seed'], kind: 'number' },
  gridPoints: { path: ['search', 'grid_points'], kind: 'number' },
  repeats: { path: ['search', 'repeats'], kind: 'number' },
  trials: { path: ['budget', 'trials'], kind: 'number' },
  parallel: { path: ['budget', 'parallel'], kind: 'number' },
  maxWallTime: { path: ['budget', 'max_wall_time'], kind: 'duration' },
  maxTrialTime: { path: ['budget', 'max_trial_time'], kind: 'duration' },
  maxSteps: { path: ['budget', 'max_steps'], kind: 'number' },
  trialTimeout: { path: ['budget', 'trial_timeout'], kind: 'duration' },
  resourceMin: { path: ['resource', 'min'], kind: 'number' },
  resourceMax: { path: ['resource', 'max'], kind: 'number' },
  policy: { path: ['policy', 'name'], kind: 'text' },
  eta: { path: ['policy', 'eta'], kind: 'number' },
  variant: { path: ['policy', 'variant'], kind: 'text' },
  warmupSteps: { path: ['policy', 'warmup_steps'], kind: 'number' },
  minTrials: { path: ['policy', 'min_trials'], kind: 'number' },
  brackets: { path: ['policy', 'brackets'], kind: 'number' },
  metricNames: { path: ['metrics', 'names'], kind: 'list' },
  metricStep: { path: ['metrics', 'step'], kind: 'text' },
  gpusPerTrial: { path: ['gpus', 'per_trial'], kind: 'number' },
  trialsPerGpu: { path: ['gpus', 'trials_per_gpu'], kind: 'number' },
  memoryPerTrial: { path: ['gpus', 'memory_per_trial'], kind: 'number' },
} as const satisfies Record<string, FieldSpec>;

export type FormField = keyof typeof FORM_FIELDS;

/** How plain output is read: the built-in `name: value` reader, nothing, or the user's own patterns. */
export type MetricsMode = 'default' | 'none' | 'patterns';

export type FormModel = Readonly<Record<FormField, string>> & {
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly metricsMode: MetricsMode;
  readonly patterns: readonly string[];
};

function at(data: unknown, path: YamlPath): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

function metricsModeOf(patterns: unknown): MetricsMode {
  if (Array.isArray(patterns)) return 'patterns';
  return patterns === 'none' ? 'none' : 'default';
}

export function readForm(data: Readonly<Record<string, unknown>>): FormModel {
  const fields = {} as Record<FormField, string>;
  for (const [field, spec] of Object.entries(FORM_FIELDS) as [FormField, FieldSpec][]) {
    const value = at(data, spec.path);
    fields[field] = spec.kind === 'list' ? listText(value) : scalarText(value);
  }
  const command = at(data, ['command']);
  const env = at(data, ['env']);
  const patterns = at(data, ['metrics', 'patterns']);
  return {
    ...fields,
    command: Array.isArray(command) ? command.map(scalarText) : command === undefined ? [] : [scalarText(command)],
    env:
      env !== null && typeof env === 'object' && !Array.isArray(env)
        ? Object.fromEntries(Object.entries(env).map(([key, value]) => [key, scalarText(value)]))
        : {},
    metricsMode: metricsModeOf(patterns),
    patterns: Array.isArray(patterns) ? patterns.map(scalarText) : [],
  };
}

function valueOf(kind: FieldKind, text: string): unknown {
  switch (kind) {
    case 'text':
      return text === '' ? undefined : text;
    case 'number':
      return parseScalarText(text);
    case 'duration': {
      const value = parseScalarText(text);
      // `90` stays a number; `30m` is written as a string, which is how the file spells it.
      return typeof value === 'number' || value === undefined ? value : parseDuration(String(value)) === null ? value : String(value);
    }
    case 'list': {
      const items = parseListText(text);
      return items.length === 0 ? undefined : items;
    }
  }
}

export function setFormField(doc: Document, field: FormField, text: string): void {
  const spec: FieldSpec = FORM_FIELDS[field];
  setPath(doc, spec.path, valueOf(spec.kind, text));
}

/** The argv template, one argument per box; the list keeps its flow or block style. */
export function setCommandArgument(doc: Document, index: number, text: string): void {
  if (!isSeq(doc.getIn(['command'], true))) {
    doc.setIn(['command'], doc.createNode([text], { flow: true }));
    return;
  }
  doc.setIn(['command', index], text);
}

export function addCommandArgument(doc: Document, text = ''): void {
  if (!isSeq(doc.getIn(['command'], true))) {
    doc.setIn(['command'], doc.createNode([text], { flow: true }));
    return;
  }
  doc.addIn(['command'], text);
}

export function removeCommandArgument(doc: Document, index: number): void {
  doc.deleteIn(['command', index]);
}

export function moveCommandArgument(doc: Document, from: number, to: number): void {
  const command = doc.getIn(['command'], true);
  if (!isSeq(command) || to < 0 || to >= command.items.length) return;
  const fromItem = doc.getIn(['command', from], true);
  const toItem = doc.getIn(['command', to], true);
  doc.setIn(['command', from], toItem);
  doc.setIn(['command', to], fromItem);
}

/**
 * Switching how metrics are read removes what only the old mode reads (`names` is refused with
 * own patterns, `step` and `names` with none), so the switch never produces an invalid section.
 */
export function setMetricsMode(doc: Document, mode: MetricsMode): void {
  switch (mode) {
    case 'default':
      setPath(doc, ['metrics', 'patterns'], undefined);
      return;
    case 'none':
      setPath(doc, ['metrics', 'names'], undefined);
      setPath(doc, ['metrics', 'step'], undefined);
      setPath(doc, ['metrics', 'patterns'], 'none');
      return;
    case 'patterns':
      setPath(doc, ['metrics', 'names'], undefined);
      doc.setIn(['metrics', 'patterns'], doc.createNode([''], { flow: false }));
      return;
  }
}

export function setPattern(doc: Document, index: number, source: string): void {
  doc.setIn(['metrics', 'patterns', index], source);
}

export function addPattern(doc: Document): void {
  doc.addIn(['metrics', 'patterns'], '');
}

export function removePattern(doc: Document, index: number): void {
  doc.deleteIn(['metrics', 'patterns', index]);
}

/**
 * `gpus.devices` as the GPU checkboxes see it: every GPU (`all`, also when the field or the whole
 * section is left out), a list of indexes, or something else the schema will name.
 */
export type GpuDevices = { readonly kind: 'all' } | { readonly kind: 'list'; readonly indexes: readonly number[] } | { readonly kind: 'invalid' };

export function readGpuDevices(data: Readonly<Record<string, unknown>>): GpuDevices {
  const devices = at(data, ['gpus', 'devices']);
  if (devices === undefined || devices === 'all') return { kind: 'all' };
  if (Array.isArray(devices) && devices.every((index) => typeof index === 'number' && Number.isInteger(index) && index >= 0)) {
    return { kind: 'list', indexes: devices as number[] };
  }
  return { kind: 'invalid' };
}

/** Whether trials may use GPU `index` under these settings. */
export function gpuChosen(devices: GpuDevices, index: number): boolean {
  return devices.kind === 'all' || (devices.kind === 'list' && devices.indexes.includes(index));
}

/** Indexes the file names that `detected` does not have (a start would be refused). */
export function missingGpus(devices: GpuDevices, detected: readonly number[]): number[] {
  return devices.kind === 'list' ? devices.indexes.filter((index) => !detected.includes(index)) : [];
}

/**
 * Ticks or unticks one detected GPU. With every detected GPU ticked the field is removed (its
 * default is `all`), and an emptied `gpus` section goes with it; otherwise it becomes the sorted
 * list of ticked ones, keeping indexes the file names that this machine does not have.
 */
export function setGpuChosen(doc: Document, detected: readonly number[], index: number, chosen: boolean): void {
  const data = doc.toJS() as unknown;
  const current = readGpuDevices(data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {});
  const held = current.kind === 'list' ? current.indexes : current.kind === 'all' ? detected : [];
  const next = [...new Set(chosen ? [...held, index] : held.filter((other) => other !== index))].sort((a, b) => a - b);
  if (detected.length > 0 && detected.every((other) => next.includes(other)) && next.every((other) => detected.includes(other))) {
    setPath(doc, ['gpus', 'devices'], undefined);
    return;
  }
  doc.setIn(['gpus', 'devices'], doc.createNode(next, { flow: true }));
}
