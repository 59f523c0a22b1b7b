import { z } from 'zod';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { durationSchema } from './duration';
import { DEFAULT_METRIC_PATTERNS, metricPatternIssues, metricPatternsSchema } from './metric-patterns';
import { searchSpaceSchema } from './search-space';
import { findPlaceholders } from './command-template';
import type { FieldIssue, Result } from './result';
import { fail, ok } from './result';

/**
 * The experiment file: the contract users write (docs/experiment-file.md). Keep it stable; add
 * fields with defaults rather than changing the meaning of existing ones.
 */

export const SEARCH_ALGORITHMS = ['auto', 'random', 'grid', 'sobol', 'tpe', 'gp'] as const;
export type SearchAlgorithm = (typeof SEARCH_ALGORITHMS)[number];

/** Policies (main/policies): what happens to running and frozen trials. */
export const POLICY_NAMES = ['none', 'median', 'asha', 'hyperband', 'freeze_thaw'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export const OBJECTIVE_MODES = ['min', 'max'] as const;
export type ObjectiveMode = (typeof OBJECTIVE_MODES)[number];

/** Faults settings when the file says nothing (also for experiments stored before they existed). */
export const DEFAULT_FAULTS = { retries: 0, freeze_grace: 30, stop_grace: 5 } as const;

const nonEmpty = z.string().trim().min(1, { message: 'must not be empty' });

export const experimentFileSchema = z
  .strictObject({
    name: nonEmpty.max(200, { message: 'must be at most 200 characters' }),
    command: z
      .array(z.string({ error: 'each argument must be a string (quote numbers)' }), {
        error: 'must be a list of arguments, e.g. ["python3", "train.py", "--lr={lr}"]',
      })
      .min(1, { message: 'needs at least the program to run, e.g. ["python3", "train.py"]' }),
    workdir: z.string().default('.'),
    env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
    objective: z.strictObject({
      metric: nonEmpty,
      mode: z.enum(OBJECTIVE_MODES, { error: 'must be min or max' }),
    }),
    space: searchSpaceSchema,
    search: z
      .strictObject({
        algorithm: z.enum(SEARCH_ALGORITHMS, { error: `must be one of ${SEARCH_ALGORITHMS.join(', ')}` }).default('auto'),
        seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
        /** grid: how many points each numeric parameter without `values` gets, ends included. */
        grid_points: z.number().int({ message: 'must be a whole number' }).min(1).max(100).optional(),
        /** Run each configuration this many times (noisy objectives); each run is a trial. */
        repeats: z.number().int({ message: 'must be a whole number' }).min(1).max(100).optional(),
      })
      .default({ algorithm: 'auto' }),
    budget: z.strictObject({
      trials: z.number().int({ message: 'must be a whole number' }).min(1, { message: 'must be at least 1' }).max(100000),
      parallel: z.number().int({ message: 'must be a whole number' }).min(1, { message: 'must be at least 1' }).max(256).default(1),
      /** End the experiment (stopping what runs) once this long has passed since it was first started. */
      max_wall_time: durationSchema.optional(),
      /** Stop once the trials together have run this long (summed over trials). */
      max_trial_time: durationSchema.optional(),
      /** Stop once the trials together have reported this many steps. */
      max_steps: z.number().int({ message: 'must be a whole number' }).min(1, { message: 'must be at least 1' }).optional(),
      /** A trial running longer than this is stopped and counted as failed ("timed out"). */
      trial_timeout: durationSchema.optional(),
    }),
    faults: z
      .strictObject({
        /** Hang watchdog: a running trial that reports nothing for this long is stopped as hung. */
        report_timeout: durationSchema.optional(),
        /** Crashed trials (non-zero exit, killed) are run again this many times before counting as failed. */
        retries: z.number().int({ message: 'must be a whole number' }).min(0).max(10).default(0),
        /** How long a trial asked to freeze gets to write its checkpoint and exit. */
        freeze_grace: durationSchema.default(30),
        /** How long a trial gets between SIGTERM and SIGKILL. */
        stop_grace: durationSchema.default(5),
      })
      .default(DEFAULT_FAULTS),
    /** The resource policies spend, in the steps trials report: a trial is done at `max`. */
    resource: z
      .strictObject({
        metric: z.literal('step', { error: 'only step is supported: the steps your script reports' }).default('step'),
        max: z.number().int({ message: 'must be a whole number of steps' }).min(1),
        min: z.number().int({ message: 'must be a whole number of steps' }).min(1).default(1),
      })
      .optional(),
    /** What happens to running trials: early stopping and promotion (docs/experiment-file.md). */
    policy: z
      .strictObject({
        name: z.enum(POLICY_NAMES, { error: `must be one of ${POLICY_NAMES.join(', ')}` }).default('none'),
        /** asha, hyperband: keep the top 1/eta at each rung; rungs at min * eta^k. */
        eta: z.number().int().min(2).max(10).optional(),
        /** asha, hyperband: stop losers at a rung (any script), or freeze at each rung and thaw the winners (scripts that checkpoint). */
        variant: z.enum(['stopping', 'promotion'], { error: 'must be stopping or promotion' }).optional(),
        /** median: no decision before this step. */
        warmup_steps: z.number().int().min(0).optional(),
        /** median: no decision before this many other trials reached the step. */
        min_trials: z.number().int().min(1).optional(),
        /** hyperband: how many brackets (different minimum resources). */
        brackets: z.number().int().min(1).max(10).optional(),
      })
      .default({ name: 'none' }),
    /** Metrics read from plain output lines, for scripts that cannot print @tundra lines. */
    metrics: metricPatternsSchema.default(DEFAULT_METRIC_PATTERNS),
    gpus: z
      .strictObject({
        /** Which GPUs (nvidia-smi indexes) trials may use. */
        devices: z.union([z.literal('all'), z.array(z.number().int().min(0), { error: 'must be "all" or a list of GPU indexes, e.g. [0, 1]' })]).default('all'),
        /** 0 runs trials on CPU only (CUDA_VISIBLE_DEVICES is empty). */
        per_trial: z.number().int({ message: 'must be a whole number' }).min(0).max(64).default(1),
        /** Pack small trials: how many share one GPU. */
        trials_per_gpu: z.number().int({ message: 'must be a whole number' }).min(1).max(64).default(1),
        /** MiB a trial needs free on its GPU before it starts there. */
        memory_per_trial: z.number().min(1).optional(),
      })
      .optional(),
  })
  .superRefine((file, ctx) => {
    if (file.command[0]?.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['command', 0], message: 'the program to run must not be empty' });
    }
    if (file.policy.name !== 'none' && !file.resource) {
      ctx.addIssue({ code: 'custom', path: ['resource'], message: `policy ${file.policy.name} needs the resource it spends, e.g. resource: {max: 50} (steps your script reports)` });
    }
    if (file.resource && file.resource.min >= file.resource.max) {
      ctx.addIssue({ code: 'custom', path: ['resource', 'min'], message: `must be below resource.max (${file.resource.max})` });
    }
    for (const issue of metricPatternIssues(file.metrics, file.objective.metric)) {
      ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
    }
    const names = Object.keys(file.space);
    file.command.forEach((arg, index) => {
      for (const placeholder of findPlaceholders(arg)) {
        if (!names.includes(placeholder)) {
          ctx.addIssue({
            code: 'custom',
            path: ['command', index],
            message: `{${placeholder}} is not a parameter of space; use one of ${names.map((n) => `{${n}}`).join(', ')} (write {{ and }} for literal braces)`,
          });
        }
      }
    });
  });

export type ExperimentFile = z.infer<typeof experimentFileSchema>;
/** The file as a person writes it: fields with defaults may be left out. */
export type ExperimentFileInput = z.input<typeof experimentFileSchema>;
/** What a stored experiment runs: the file, with its seed fixed and its workdir made absolute. */
export type ExperimentSpec = ExperimentFile & { readonly search: { readonly algorithm: SearchAlgorithm; readonly seed: number } };

/**
 * A stored spec with the defaults of fields added since it was stored, so code can rely on every
 * field the current schema guarantees (stored JSON is not re-validated on read).
 */
export function withSpecDefaults(spec: ExperimentSpec): ExperimentSpec {
  return { ...spec, faults: { ...DEFAULT_FAULTS, ...spec.faults }, metrics: spec.metrics ?? DEFAULT_METRIC_PATTERNS, policy: spec.policy ?? { name: 'none' } };
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(file)' : out;
}

function valueAt(document: unknown, path: readonly PropertyKey[]): unknown {
  let value = document;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function issueMessage(issue: z.core.$ZodIssue, document: unknown): FieldIssue {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return { path, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}; check the spelling against docs/experiment-file.md` };
  }
  if (issue.code === 'invalid_type' && valueAt(document, issue.path) === undefined) {
    return { path, message: 'is required' };
  }
  return { path, message: issue.message };
}

/** Validates an already-parsed document. */
export function validateExperimentFile(document: unknown): Result<ExperimentFile> {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    return fail('invalid-experiment', 'The experiment file must be a YAML mapping with name, command, objective, space and budget.');
  }
  const parsed = experimentFileSchema.safeParse(document);
  if (parsed.success) return ok(parsed.data);
  const issues = parsed.error.issues.map((issue) => issueMessage(issue, document));
  return fail('invalid-experiment', issues.map((i) => `${i.path}: ${i.message}`).join('\n'), issues);
}

/** Parses YAML (JSON is YAML too) and validates it. */
export function parseExperimentFile(text: string): Result<ExperimentFile> {
  let document: unknown;
  try {
    document = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const message = error instanceof YAMLParseError ? error.message : String(error);
    return fail('invalid-experiment', `The file is not valid YAML: ${message}`, [{ path: '(file)', message }]);
  }
  return validateExperimentFile(document);
}
