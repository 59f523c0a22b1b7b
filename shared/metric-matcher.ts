import {
  compileMetricPattern,
  DEFAULT_STEP_GROUP,
  DEFAULT_STEP_KEYS,
  type MetricPatternSettings,
} from './metric-patterns';

/** What one output line yields; the runner's TrialReport (main/runner/trial-process.ts) has this shape. */
export interface MetricLineReport {
  readonly step: number | null;
  readonly metrics: Readonly<Record<string, number>>;
  readonly final: boolean;
  /** Names reported as NaN/Infinity (not in `metrics`). */
  readonly nonFinite: readonly string[];
}

/**
 * Metrics from the plain output of a script that cannot print `@tundra` lines (the `metrics`
 * section of the experiment file; shared/metric-patterns.ts explains the default). Pure, total and
 * stateless: one matcher may serve every trial of an experiment, and any line yields a report or
 * null, never an exception.
 *
 * Contract with the caller: `@tundra` lines are parsed first (main/runner/metric-line.ts) and never reach
 * `match`. A script that prints both (the quickstart prints `epoch 3 ... val_loss=0.52` and then an
 * `@tundra` line with the same numbers) would be counted twice, so the caller should stop calling
 * `match` for a trial once that trial has sent an `@tundra` report.
 *
 * What a line is, before any pattern sees it:
 * - Only what a terminal would show last: for `a\rb\r` (tqdm and Lightning redraw a progress bar
 *   with `\r` and end the epoch with `\n`) that is `b`, the final state of the bar.
 * - ANSI colour and cursor codes are removed.
 * - A visible part longer than MAX_MATCHED_LINE_LENGTH is skipped without running any pattern: it
 *   is a dump, not a metric line, and user patterns are not guarded against backtracking.
 */
export const MAX_MATCHED_LINE_LENGTH = 4096;

export interface MetricPatternMatcher {
  /** False for `patterns: none`: `match` always returns null and the caller may skip it. */
  readonly active: boolean;
  /** A report (never `final`) when the line holds at least one metric, finite or not; else null. */
  match(line: string): MetricLineReport | null;
}

const NO_NAMES: readonly string[] = Object.freeze([]);

// eslint-disable-next-line no-control-regex -- ESC is exactly what this pattern exists to remove
const ANSI_ESCAPE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;

/** Numbers as Python, NumPy, PyTorch and JavaScript print them, `nan` and `inf` included. */
const NUMBER_SOURCE = String.raw`[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|[nN][aA][nN]|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?)`;
// `0.41,` and `0.41.` end a sentence or a list; `0.41s`, `3rd`, `1.2.3` are not numbers.
const NUMBER_END = String.raw`(?!\w|\.\d)`;
/** `loss: tensor(0.41, device='cuda:0')` and `np.float64(0.52)`: a forgotten `.item()`. */
const NUMBER_WRAPPER = String.raw`(?:tensor\(|np\.float(?:16|32|64)\()?`;
const FINITE_TEXT = /^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)$/;
const NON_FINITE_TEXT = /^([-+]?)(?:nan|inf|infinity)$/i;
/** Keras `Epoch 3/10`, Lightning `Epoch 3: 100%|...`, `epoch 3 train_loss=...`, `[Epoch 3]`. */
const LEADING_EPOCH = /^\W{0,8}epoch\s*[:=#]?\s*[[(]?\s*(\d+)(?!\w|\.\d)/i;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Any letter case, without a flag that would also loosen the metric names. */
function anyCase(word: string): string {
  return [...word].map((c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).join('');
}

/**
 * A captured number: `1e-3`, `-0.5`, `+2`, `.5`, `5.`; `nan`, `inf`, `-Infinity` in any case as
 * NaN or an infinity; surrounding quotes, brackets and trailing punctuation (`0.41,`) ignored.
 * Null for anything else, so `0.4.1`, `1,000` and `12ms` are never misread.
 */
export function parseMetricNumber(text: string): number | null {
  let start = 0;
  let end = text.length;
  while (start < end && ' \t"\'([{'.includes(text.charAt(start))) start += 1;
  while (end > start && ' \t"\')]},;:.%'.includes(text.charAt(end - 1))) end -= 1;
  const token = start === 0 && end === text.length ? text : text.slice(start, end);
  if (FINITE_TEXT.test(token)) return Number(token);
  const nonFinite = NON_FINITE_TEXT.exec(token);
  if (nonFinite === null) return null;
  if (token.charAt(nonFinite[1]!.length).toLowerCase() === 'n') return Number.NaN;
  return nonFinite[1] === '-' ? -Infinity : Infinity;
}

function parseStep(text: string): number | null {
  const value = parseMetricNumber(text);
  if (value === null || !Number.isSafeInteger(value) || value < 0) return null;
  return value === 0 ? 0 : value; // never -0
}

/** The part of a line a terminal would show last, without ANSI codes; null when there is none. */
function visiblePart(line: string): string | null {
  let end = line.length;
  while (end > 0) {
    const start = line.lastIndexOf('\r', end - 1) + 1;
    if (end - start > MAX_MATCHED_LINE_LENGTH) return null;
    for (let i = start; i < end; i += 1) {
      if (line.charCodeAt(i) > 32) {
        const part = start === 0 && end === line.length ? line : line.slice(start, end);
        return part.includes('\u001b') ? part.replace(ANSI_ESCAPE, '') : part;
      }
    }
    end = start - 1;
  }
  return null;
}

/** Collects one line's values; later values of a name replace earlier ones. */
class LineValues {
  metrics: Record<string, number> | null = null;
  nonFinite: string[] | null = null;

  add(name: string, value: number): void {
    if (Number.isFinite(value)) {
      (this.metrics ??= {})[name] = value;
      if (this.nonFinite?.includes(name)) this.nonFinite = this.nonFinite.filter((n) => n !== name);
    } else {
      if (this.metrics && name in this.metrics) delete this.metrics[name];
      if (!this.nonFinite?.includes(name)) (this.nonFinite ??= []).push(name);
    }
  }

  report(step: number | null): MetricLineReport | null {
    const metrics = this.metrics ?? {};
    const nonFinite = this.nonFinite && this.nonFinite.length > 0 ? this.nonFinite : NO_NAMES;
    if (nonFinite.length === 0 && Object.keys(metrics).length === 0) return null;
    return { step, metrics, final: false, nonFinite };
  }
}

/**
 * Default mode: `name: value`, `name=value`, `'name': value` (Python dicts) and `"name": value`
 * anywhere in the line, several per line, for the objective metric and `names` only. The step is
 * the `step` setting's key, else a `step` key, else an `epoch` key (any case), else a leading
 * `Epoch N`; a step that is not a whole number >= 0 is ignored and the metrics kept.
 */
function defaultMatcher(settings: MetricPatternSettings, objectiveMetric: string): MetricPatternMatcher {
  const metricNames = [...new Set([objectiveMetric, ...(settings.names ?? [])])].filter((name) => name !== '' && name !== settings.step);
  const metricSet = new Set(metricNames);
  const explicitStep = settings.step;
  const stepKeys = explicitStep !== undefined ? [escapeRegExp(explicitStep)] : DEFAULT_STEP_KEYS.filter((key) => !metricSet.has(key)).map(anyCase);
  const useLeadingEpoch = explicitStep === undefined || explicitStep.toLowerCase() === 'epoch';
  // Longest first, so `val_loss_ema` is not cut to `val_loss` where both are named.
  const keys = [...[...metricNames].sort((a, b) => b.length - a.length).map(escapeRegExp), ...stepKeys];
  // The look-behind keeps `loss` out of `val_loss`, `val/loss` and the flag `--loss=...`.
  const pairs = new RegExp(
    String.raw`(?<![\w./-])['"]?(${keys.join('|')})['"]?\s*[:=]\s*${NUMBER_WRAPPER}(${NUMBER_SOURCE})${NUMBER_END}`,
    'g',
  );

  return {
    active: true,
    match(line) {
      const text = visiblePart(line);
      if (text === null) return null;
      let mentioned = false;
      for (const name of metricNames) {
        if (text.includes(name)) {
          mentioned = true;
          break;
        }
      }
      if (!mentioned) return null;

      const values = new LineValues();
      let stepFromStepKey: number | null = null;
      let stepFromEpochKey: number | null = null;
      pairs.lastIndex = 0;
      for (let found = pairs.exec(text); found !== null; found = pairs.exec(text)) {
        const key = found[1]!;
        const token = found[2]!;
        if (metricSet.has(key)) {
          const value = parseMetricNumber(token);
          if (value !== null) values.add(key, value);
        } else if (explicitStep !== undefined || key.toLowerCase() === 'step') {
          stepFromStepKey = parseStep(token) ?? stepFromStepKey;
        } else {
          stepFromEpochKey = parseStep(token) ?? stepFromEpochKey;
        }
      }
      let step = stepFromStepKey ?? stepFromEpochKey;
      if (step === null && useLeadingEpoch) {
        const leading = LEADING_EPOCH.exec(text);
        if (leading) step = parseStep(leading[1]!);
      }
      return values.report(step);
    },
  };
}

interface UserPattern {
  readonly regex: RegExp;
  readonly metricGroups: readonly string[];
  readonly hasStep: boolean;
}

/**
 * Own patterns: each is tried once per line, in order; its named groups are metrics, except the
 * step group (`step` setting, else `step`). When two patterns capture the same name, the later wins.
 */
function userMatcher(sources: readonly string[], stepGroup: string): MetricPatternMatcher {
  const patterns: UserPattern[] = [];
  for (const source of sources) {
    const compiled = compileMetricPattern(source);
    // The schema refuses such a pattern; one that slipped through is skipped, not thrown.
    if (!compiled.ok) continue;
    patterns.push({
      regex: compiled.regex,
      metricGroups: compiled.groupNames.filter((name) => name !== stepGroup),
      hasStep: compiled.groupNames.includes(stepGroup),
    });
  }
  return {
    active: patterns.length > 0,
    match(line) {
      if (patterns.length === 0) return null;
      const text = visiblePart(line);
      if (text === null) return null;
      const values = new LineValues();
      let step: number | null = null;
      for (const pattern of patterns) {
        const groups = pattern.regex.exec(text)?.groups;
        if (groups === undefined) continue;
        for (const name of pattern.metricGroups) {
          const captured = groups[name];
          if (captured === undefined) continue;
          const value = parseMetricNumber(captured);
          if (value !== null) values.add(name, value);
        }
        if (pattern.hasStep) {
          const captured = groups[stepGroup];
          if (captured !== undefined) step = parseStep(captured) ?? step;
        }
      }
      return values.report(step);
    },
  };
}

const INACTIVE: MetricPatternMatcher = { active: false, match: () => null };

/**
 * Builds the matcher once per experiment; `settings` is the parsed `metrics` section
 * (DEFAULT_METRIC_PATTERNS when the file has none) and `objectiveMetric` is `objective.metric`.
 */
export function compileMetricPatterns(settings: MetricPatternSettings, objectiveMetric: string): MetricPatternMatcher {
  const { patterns } = settings;
  if (patterns === 'none') return INACTIVE;
  if (patterns === 'default') return defaultMatcher(settings, objectiveMetric);
  return userMatcher(patterns, settings.step ?? DEFAULT_STEP_GROUP);
}
