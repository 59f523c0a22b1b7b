import { z } from 'zod';

/**
 * The `metrics` section of the experiment file: how Tundra reads metrics from the plain output of
 * a script that cannot be changed to print `@tundra` lines (docs/trial-protocol.md). Shared so the
 * editor in the UI refuses the same patterns, with the same words, as the CLI and the API.
 *
 * ```yaml
 * metrics:
 *   patterns: default        # or none, or a list of JavaScript regular expressions with named groups
 *   names: [train_loss]      # default mode only: metrics to read besides the objective metric
 *   step: epoch              # which key (default mode) or group (own patterns) is the step
 * ```
 *
 * Why `default` reads only metrics named in the file, not every `key: number` it sees:
 * - Guild AI's default output scalar (guild/summary.py, DEFAULT_OUTPUT_SCALARS) records every key,
 *   but only on a line that is exactly `key: value` (anchored `^(\key):\s+(\value)$`), and it has to
 *   drop the run's own flags (`ignore = flag_vals.keys()`) because scripts echo their
 *   hyperparameters. Anchoring to whole lines misses the lines people actually print (Keras
 *   `- loss: 0.41 - val_loss: 0.52`, Lightning's progress bar, `epoch 3 train_loss=0.41 ...`), and
 *   without the anchor every `Epoch: 3`, `batch: 17`, `lr=0.001`, `workers: 8` becomes a curve.
 * - Katib's StdOut collector (pkg/metricscollector/v1beta1/common/const.go, DefaultFilter
 *   `([\w|-]+)\s*=\s*((-?\d+)(\.\d+)?)`) finds `name=value` anywhere in a line, several per line,
 *   and keeps only the objective metric and `additionalMetricNames`. That is the behaviour kept
 *   here, widened to `name: value` and quoted keys (Keras, Python dict prints) and to the numbers
 *   Katib's filter misses (`1e-3`, `+2`, `.5`, `nan`, `inf`).
 * So a stray number is never stored as a metric, and `names` is the one switch to read more.
 */

/** Longest pattern accepted: a guard on typos and pasted logs, not on backtracking (out of scope). */
export const MAX_PATTERN_LENGTH = 1000;
export const MAX_PATTERNS = 32;
export const MAX_METRIC_NAMES = 64;
export const MAX_METRIC_NAME_LENGTH = 100;

/**
 * A named group is a metric name: ASCII letters, digits and `_`, not starting with a digit.
 * JavaScript also allows `$` and non-ASCII letters in group names; they are refused so a metric
 * name means the same in the file, the store, the UI and an exported CSV.
 */
export const METRIC_GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A key the default patterns can find: as a group name, plus `.`, `/` and `-` (`val/loss`, `top-1`). */
export const METRIC_KEY_NAME = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
/** `final` means "the result" in an `@tundra` line; a metric of that name would be ambiguous. */
export const RESERVED_METRIC_NAMES: readonly string[] = ['final'];
/** The step keys the default patterns recognise when `step` is not set (any letter case). */
export const DEFAULT_STEP_KEYS = ['step', 'epoch'] as const;
/** The group that is the step in a list of own patterns when `step` is not set. */
export const DEFAULT_STEP_GROUP = 'step';

export const METRIC_PATTERN_MODES = ['default', 'none'] as const;
export type MetricPatternMode = (typeof METRIC_PATTERN_MODES)[number];

export type CompiledPattern =
  | { readonly ok: true; readonly regex: RegExp; readonly groupNames: readonly string[] }
  | { readonly ok: false; readonly message: string };

// V8 reports "Invalid regular expression: /src/: <reason>"; the reason is what a person can act on.
const HINTS: readonly (readonly [RegExp, string])[] = [
  [/unterminated group/i, 'escape ( with \\( to match a literal parenthesis'],
  [/unmatched '\)'/i, 'escape ) with \\) to match a literal parenthesis'],
  [/unterminated character class/i, 'escape [ with \\[ to match a literal bracket'],
  [/nothing to repeat/i, 'escape *, + and ? with a backslash (\\*, \\+, \\?) to match them literally'],
  [/at end of pattern/i, 'a backslash at the end escapes nothing; write \\\\ for a literal backslash'],
  [/\{\} quantifier|incomplete quantifier/i, 'escape { with \\{ to match a literal brace'],
  [/invalid capture group name/i, 'a group name is letters, digits and _, e.g. (?<val_loss>...)'],
  [/duplicate capture group name/i, 'give each group its own name; to read one metric from two line formats, write two patterns'],
  [/invalid named capture referenced/i, '\\k<name> must refer to a group defined in the same pattern'],
];

function regexError(source: string, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const reason = /\/: (.+)$/.exec(raw)?.[1] ?? raw;
  const reasonText = reason.charAt(0).toLowerCase() + reason.slice(1);
  if (source.includes('(?P<') || source.includes('(?P=')) {
    return `not a valid regular expression: ${reasonText}; (?P<name>...) is Python syntax, write (?<name>...) (and \\k<name> for (?P=name))`;
  }
  const hint = HINTS.find(([pattern]) => pattern.test(reason))?.[1];
  return `not a valid regular expression: ${reasonText}${hint ? `; ${hint}` : ''}`;
}

/**
 * Compiles one user pattern (JavaScript syntax, no flags) and lists its named groups. Pure and
 * total, so the UI can call it on every keystroke.
 */
export function compileMetricPattern(source: string): CompiledPattern {
  let regex: RegExp;
  let probe: RegExp;
  try {
    regex = new RegExp(source);
    // JavaScript has no API for a pattern's group names, but a match lists every named group,
    // matched or not; `|` (the empty alternative) guarantees a match on the empty string.
    probe = new RegExp(`(?:${source})|`);
  } catch (error) {
    return { ok: false, message: regexError(source, error) };
  }
  const groups = probe.exec('')?.groups;
  return { ok: true, regex, groupNames: groups ? Object.keys(groups) : [] };
}

/** Why `name` cannot be a metric (or step) name, as the end of a sentence about it; null when it can. */
function nameProblem(name: string, rule: RegExp): string | null {
  if (name.length > MAX_METRIC_NAME_LENGTH) return `is longer than ${MAX_METRIC_NAME_LENGTH} characters; shorten it`;
  if (RESERVED_METRIC_NAMES.includes(name)) return 'is reserved (it marks the result in @tundra lines); choose another name';
  if (rule.test(name)) return null;
  return rule === METRIC_GROUP_NAME
    ? 'is not a valid metric name; use letters, digits and _, not starting with a digit, e.g. val_loss'
    : 'is not a valid metric name; use letters, digits, _, ., / and -, not starting with a digit, e.g. val_loss';
}

const nameString = z.string({ error: 'must be a metric name, e.g. val_loss' }).min(1, { message: 'must not be empty' });

export const metricPatternsSchema = z
  .strictObject({
    patterns: z
      // Only types here: zod reports a union's failure as the union's one message or as a branch's
      // issues depending on the kind of issue, so sizes and lengths are checked in superRefine.
      .union([z.enum(METRIC_PATTERN_MODES), z.array(z.string())], {
        error: "must be default, none or a list of regular expressions (strings; in YAML, single-quoted), e.g. ['val_loss: (?<val_loss>\\S+)']",
      })
      .default('default'),
    /** Default mode: the key that is the step. Own patterns: the group that is the step. */
    step: nameString.optional(),
    /** Default mode only: metrics to read besides the objective metric. */
    names: z
      .array(nameString, { error: 'must be a list of metric names, e.g. [train_loss, val_acc]' })
      .max(MAX_METRIC_NAMES, { message: `must have at most ${MAX_METRIC_NAMES} names` })
      .optional(),
  })
  .superRefine((section, ctx) => {
    const { patterns, step, names } = section;
    if (patterns === 'none') {
      if (step !== undefined) ctx.addIssue({ code: 'custom', path: ['step'], message: 'has no effect with patterns: none; remove it' });
      if (names !== undefined) ctx.addIssue({ code: 'custom', path: ['names'], message: 'has no effect with patterns: none; remove it' });
      return;
    }
    if (patterns === 'default') {
      // Empty strings are already reported by the field schemas; one issue per mistake is enough.
      if (step !== undefined && step !== '') {
        const problem = nameProblem(step, METRIC_KEY_NAME);
        if (problem) ctx.addIssue({ code: 'custom', path: ['step'], message: `${step} ${problem}` });
      }
      const seen = new Set<string>();
      (names ?? []).forEach((name, index) => {
        if (name === '') return;
        const problem = nameProblem(name, METRIC_KEY_NAME);
        if (problem) ctx.addIssue({ code: 'custom', path: ['names', index], message: `${name} ${problem}` });
        else if (seen.has(name)) ctx.addIssue({ code: 'custom', path: ['names', index], message: `${name} is listed twice; remove one` });
        else if (name === step) {
          ctx.addIssue({ code: 'custom', path: ['names', index], message: `${name} is the step (metrics.step); a key cannot be both` });
        }
        seen.add(name);
      });
      return;
    }

    if (names !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['names'],
        message: 'is only read with patterns: default; with your own patterns the named groups are the metrics, so remove names',
      });
    }
    const stepGroup = step ?? DEFAULT_STEP_GROUP;
    const stepProblem = step === undefined || step === '' ? null : nameProblem(step, METRIC_GROUP_NAME);
    if (stepProblem) ctx.addIssue({ code: 'custom', path: ['step'], message: `${step} ${stepProblem}` });
    if (patterns.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['patterns'], message: 'needs at least one pattern; write patterns: none to stop reading metrics from plain output' });
      return;
    }
    if (patterns.length > MAX_PATTERNS) {
      ctx.addIssue({ code: 'custom', path: ['patterns'], message: `must have at most ${MAX_PATTERNS} patterns` });
      return;
    }
    let metricGroups = 0;
    let stepSeen = false;
    // Checks across patterns (where is the step, is any metric captured) wait until each pattern is valid.
    let anyInvalid = false;
    patterns.forEach((source, index) => {
      if (source.length === 0 || source.length > MAX_PATTERN_LENGTH) {
        anyInvalid = true;
        const message = source.length === 0 ? 'must not be empty' : `must be at most ${MAX_PATTERN_LENGTH} characters`;
        ctx.addIssue({ code: 'custom', path: ['patterns', index], message });
        return;
      }
      const compiled = compileMetricPattern(source);
      if (!compiled.ok) {
        anyInvalid = true;
        ctx.addIssue({ code: 'custom', path: ['patterns', index], message: compiled.message });
        return;
      }
      if (compiled.groupNames.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['patterns', index],
          message: 'has no named group, so it captures no metric; name what it captures, e.g. val_loss: (?<val_loss>[-+.\\deE]+)',
        });
        return;
      }
      for (const name of compiled.groupNames) {
        if (name === stepGroup) {
          stepSeen = true;
          continue;
        }
        const problem = nameProblem(name, METRIC_GROUP_NAME);
        if (problem) ctx.addIssue({ code: 'custom', path: ['patterns', index], message: `the group (?<${name}>...) ${problem}` });
        else metricGroups += 1;
      }
    });
    if (anyInvalid) return;
    if (step !== undefined && step !== '' && !stepSeen && !stepProblem) {
      ctx.addIssue({ code: 'custom', path: ['step'], message: `no pattern has a group named ${step}; add (?<${step}>\\d+) to one or remove step` });
    }
    if (metricGroups === 0 && stepSeen) {
      ctx.addIssue({
        code: 'custom',
        path: ['patterns'],
        message: `only the step is captured; add a group for a metric, e.g. val_loss: (?<val_loss>[-+.\\deE]+)`,
      });
    }
  });

export type MetricPatternSettings = z.infer<typeof metricPatternsSchema>;
/** The section as a person writes it: `patterns` may be left out. */
export type MetricPatternSettingsInput = z.input<typeof metricPatternsSchema>;

/** What an experiment file without a `metrics` section means. */
export const DEFAULT_METRIC_PATTERNS: MetricPatternSettings = Object.freeze({ patterns: 'default' });

export interface MetricPatternIssue {
  /** From the root of the experiment file, ready for `ctx.addIssue({ path, ... })`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Checks that need the objective too, for the experiment file's superRefine: with own patterns,
 * some pattern must capture the objective metric, or every trial would fail for lack of a result.
 * Call it only when the section itself parsed.
 */
export function metricPatternIssues(settings: MetricPatternSettings, objectiveMetric: string): MetricPatternIssue[] {
  const { patterns } = settings;
  if (patterns === 'none') return [];
  if (patterns === 'default') {
    if (settings.step !== undefined && settings.step === objectiveMetric) {
      return [{ path: ['metrics', 'step'], message: `${objectiveMetric} is the objective metric; the step must be another key` }];
    }
    return [];
  }
  if (objectiveMetric === (settings.step ?? DEFAULT_STEP_GROUP)) {
    return [{ path: ['metrics', 'step'], message: `${objectiveMetric} is the objective metric; the step must be another group` }];
  }
  const captured = patterns.some((source) => {
    const compiled = compileMetricPattern(source);
    return compiled.ok && compiled.groupNames.includes(objectiveMetric);
  });
  if (captured) return [];
  const example = METRIC_GROUP_NAME.test(objectiveMetric)
    ? `add (?<${objectiveMetric}>[-+.\\deE]+) to one`
    : `a group name cannot spell ${objectiveMetric}; rename the objective metric (letters, digits and _) or print @tundra lines`;
  return [{ path: ['metrics', 'patterns'], message: `no pattern captures the objective metric ${objectiveMetric}; ${example}` }];
}
