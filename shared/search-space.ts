import { z } from 'zod';

/**
 * Search-space parameter definitions: the part of the experiment file that the searchers read.
 * One schema for the CLI, the API and the UI, so a space refused in one place is refused everywhere.
 * docs/experiment-file.md documents every field.
 */

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const whole = z.number().int({ message: 'must be a whole number' });

export const categoricalChoiceSchema = z.union([z.string(), finite, z.boolean()]);
export type CategoricalChoice = z.infer<typeof categoricalChoiceSchema>;

/**
 * `when: {optimizer: sgd}` or `when: {layers: [2, 3]}`: the parameter exists only when every named
 * parameter is active and has one of the listed values.
 */
export const conditionSchema = z.record(z.string(), z.union([categoricalChoiceSchema, z.array(categoricalChoiceSchema).min(1)]));
export type Condition = z.infer<typeof conditionSchema>;

export const floatParamSchema = z.strictObject({
  type: z.literal('float'),
  low: finite,
  high: finite,
  log: z.boolean().default(false),
  /** Sample 1 - x on a log scale: for momentum or Adam's beta, 0.9 .. 0.999. */
  reverse_log: z.boolean().optional(),
  /** Quantisation: values are low + k * step. */
  step: finite.optional(),
  /** Explicit points for grid search. */
  values: z.array(finite).min(1, { message: 'needs at least one value' }).optional(),
  default: finite.optional(),
  when: conditionSchema.optional(),
});

export const intParamSchema = z.strictObject({
  type: z.literal('int'),
  low: whole,
  high: whole,
  log: z.boolean().default(false),
  step: whole.optional(),
  values: z.array(whole).min(1, { message: 'needs at least one value' }).optional(),
  default: whole.optional(),
  when: conditionSchema.optional(),
});

export const categoricalParamSchema = z.strictObject({
  type: z.literal('categorical'),
  choices: z.array(categoricalChoiceSchema).min(1, { message: 'needs at least one choice' }),
  default: categoricalChoiceSchema.optional(),
  when: conditionSchema.optional(),
});

export const boolParamSchema = z.strictObject({
  type: z.literal('bool'),
  default: z.boolean().optional(),
  when: conditionSchema.optional(),
});

export const fixedParamSchema = z.strictObject({
  type: z.literal('fixed'),
  value: categoricalChoiceSchema,
  when: conditionSchema.optional(),
});

export const PARAM_TYPES = ['float', 'int', 'categorical', 'bool', 'fixed'] as const;

function checkNumeric(param: z.infer<typeof floatParamSchema> | z.infer<typeof intParamSchema>, ctx: z.RefinementCtx): void {
  if (param.low >= param.high) {
    ctx.addIssue({ code: 'custom', message: `low (${param.low}) must be < high (${param.high})` });
    return;
  }
  const reverseLog = param.type === 'float' && param.reverse_log === true;
  if (param.log && reverseLog) ctx.addIssue({ code: 'custom', message: 'log and reverse_log exclude each other; keep one' });
  if (param.log && param.low <= 0) {
    ctx.addIssue({ code: 'custom', message: 'low must be > 0 when log is true; raise low or set log: false' });
  }
  if (reverseLog && param.high >= 1) {
    ctx.addIssue({ code: 'custom', message: 'high must be < 1 when reverse_log is true (it samples 1 - x on a log scale), e.g. 0.999' });
  }
  if (param.step !== undefined && (param.step <= 0 || param.step > param.high - param.low)) {
    ctx.addIssue({ code: 'custom', message: `step must be > 0 and at most high - low (${param.high - param.low})` });
  }
  const inRange = (value: number) => value >= param.low && value <= param.high;
  if (param.values?.some((value) => !inRange(value))) {
    ctx.addIssue({ code: 'custom', message: `values must lie within low..high (${param.low}..${param.high})` });
  }
  if (param.values && new Set(param.values).size !== param.values.length) ctx.addIssue({ code: 'custom', message: 'values must not repeat' });
  if (param.default !== undefined && !inRange(param.default)) {
    ctx.addIssue({ code: 'custom', message: `default (${param.default}) must lie within low..high (${param.low}..${param.high})` });
  }
}

export const paramSchema = z
  .discriminatedUnion('type', [floatParamSchema, intParamSchema, categoricalParamSchema, boolParamSchema, fixedParamSchema], {
    error: (issue) => (issue.code === 'invalid_union' ? `type must be one of ${PARAM_TYPES.join(', ')}` : undefined),
  })
  .superRefine((param, ctx) => {
    switch (param.type) {
      case 'float':
      case 'int':
        checkNumeric(param, ctx);
        return;
      case 'categorical': {
        const seen = new Set(param.choices.map((choice) => JSON.stringify(choice)));
        if (seen.size !== param.choices.length) ctx.addIssue({ code: 'custom', message: 'choices must not repeat' });
        if (param.default !== undefined && !param.choices.includes(param.default)) {
          ctx.addIssue({ code: 'custom', message: `default ${JSON.stringify(param.default)} is not one of the choices` });
        }
        return;
      }
      case 'bool':
      case 'fixed':
        return;
    }
  });

export type FloatParam = z.infer<typeof floatParamSchema>;
export type IntParam = z.infer<typeof intParamSchema>;
export type CategoricalParam = z.infer<typeof categoricalParamSchema>;
export type BoolParam = z.infer<typeof boolParamSchema>;
export type FixedParam = z.infer<typeof fixedParamSchema>;
export type Param = z.infer<typeof paramSchema>;
export type ParamType = Param['type'];

/** Names are used in argv templates (`{lr}`) and as column names, so keep them plain. */
export const PARAM_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The values a parameter can take that a `when` may test, or null for a float (no equality tests). */
export function discreteValues(param: Param): readonly CategoricalChoice[] | null {
  switch (param.type) {
    case 'categorical':
      return param.choices;
    case 'bool':
      return [false, true];
    case 'fixed':
      return [param.value];
    case 'int':
      return null;
    case 'float':
      return null;
  }
}

function conditionProblems(space: Readonly<Record<string, Param>>, name: string, condition: Condition): string[] {
  const problems: string[] = [];
  for (const [parent, wanted] of Object.entries(condition)) {
    const parentParam = space[parent];
    if (parent === name) {
      problems.push('when must not refer to the parameter itself');
      continue;
    }
    if (!parentParam) {
      problems.push(`when refers to ${parent}, which is not a parameter of space`);
      continue;
    }
    const allowed = (Array.isArray(wanted) ? wanted : [wanted]);
    if (parentParam.type === 'float') {
      problems.push(`when can test categorical, bool, int or fixed parameters, not the float ${parent}`);
      continue;
    }
    const legal = discreteValues(parentParam);
    for (const value of allowed) {
      const ok = legal ? legal.includes(value) : typeof value === 'number' && Number.isInteger(value) && parentParam.type === 'int' && value >= parentParam.low && value <= parentParam.high;
      if (!ok) problems.push(`when ${parent}: ${JSON.stringify(value)} is not a value ${parent} can take`);
    }
  }
  return problems;
}

/** Parameters in an order where every parameter comes after those its `when` tests; null on a cycle. */
export function parameterOrder(space: Readonly<Record<string, Param>>): string[] | null {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): boolean => {
    const seen = state.get(name);
    if (seen === 'done') return true;
    if (seen === 'visiting') return false;
    state.set(name, 'visiting');
    for (const parent of Object.keys(space[name]?.when ?? {})) {
      if (space[parent] && !visit(parent)) return false;
    }
    state.set(name, 'done');
    order.push(name);
    return true;
  };
  for (const name of Object.keys(space)) if (!visit(name)) return null;
  return order;
}

export const searchSpaceSchema = z.record(z.string(), paramSchema).superRefine((space, ctx) => {
  const names = Object.keys(space);
  if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'needs at least one parameter' });
  for (const name of names) {
    if (!PARAM_NAME_PATTERN.test(name)) {
      ctx.addIssue({ code: 'custom', path: [name], message: 'parameter names start with a letter or _ and use only letters, digits, _ . -' });
    }
    const condition = space[name]!.when;
    if (condition) for (const message of conditionProblems(space, name, condition)) ctx.addIssue({ code: 'custom', path: [name, 'when'], message });
  }
  if (parameterOrder(space) === null) {
    ctx.addIssue({ code: 'custom', message: 'the when conditions form a cycle (a parameter depends, through others, on itself); remove one' });
  }
});

export type SearchSpace = z.infer<typeof searchSpaceSchema>;

/** One concrete configuration: a value for every active parameter of the space. */
export type ParamValue = number | string | boolean;
export type ParamValues = Readonly<Record<string, ParamValue>>;

/** Whether `param` is active given the values chosen so far for the parameters it depends on. */
export function isActive(param: Param, values: ParamValues): boolean {
  for (const [parent, wanted] of Object.entries(param.when ?? {})) {
    const value = values[parent];
    if (value === undefined) return false;
    const allowed = (Array.isArray(wanted) ? wanted : [wanted]);
    if (!allowed.includes(value)) return false;
  }
  return true;
}

/**
 * Why `value` cannot be this parameter's value, or null: the type, the range, the step, the
 * choices. Said without the name, so the API (`params.lr: ...`) and the clone form (at the field)
 * can each say where.
 */
export function paramValueProblem(param: Param, value: ParamValue): string | null {
  switch (param.type) {
    case 'float':
    case 'int': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (param.type === 'int' && !Number.isInteger(value)) return 'must be a whole number';
      if (value < param.low || value > param.high) return `${value} is outside ${param.low}..${param.high}`;
      const steps = param.step === undefined ? 0 : (value - param.low) / param.step;
      if (param.step !== undefined && Math.abs(steps - Math.round(steps)) > 1e-9) return `${value} is not on its step of ${param.step} from ${param.low}`;
      return null;
    }
    case 'categorical':
      return (param.choices as readonly ParamValue[]).includes(value) ? null : `must be one of ${param.choices.map((c) => JSON.stringify(c)).join(', ')}`;
    case 'bool':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'fixed':
      return value === param.value ? null : `is fixed at ${JSON.stringify(param.value)}`;
  }
}

export interface ConfigurationProblem {
  readonly name: string;
  readonly message: string;
}

/**
 * Why `params` cannot be a trial of `space`: each value checked against its parameter, and the
 * `when` structure (exactly the active parameters, as a searcher would give them). Empty when it can.
 */
export function configurationProblems(space: Readonly<Record<string, Param>>, params: ParamValues): ConfigurationProblem[] {
  const problems: ConfigurationProblem[] = [];
  for (const [name, value] of Object.entries(params)) {
    const param = space[name];
    if (!param) {
      problems.push({ name, message: `not a parameter of this experiment's space (${Object.keys(space).join(', ')})` });
      continue;
    }
    const problem = paramValueProblem(param, value);
    if (problem !== null) problems.push({ name, message: problem });
  }
  for (const [name, param] of Object.entries(space)) {
    const active = isActive(param, params);
    if (active && params[name] === undefined) problems.push({ name, message: 'required for this configuration' });
    if (!active && params[name] !== undefined) problems.push({ name, message: 'inactive for this configuration (see its when); leave it out' });
  }
  return problems;
}
