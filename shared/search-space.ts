import { z } from 'zod';

/**
 * Search-space parameter definitions: the part of the experiment file that the searchers read.
 * One schema for the CLI, the API and the UI, so a space refused in one place is refused everywhere.
 */

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });

export const floatParamSchema = z.strictObject({
  type: z.literal('float'),
  low: finite,
  high: finite,
  log: z.boolean().default(false),
});

export const intParamSchema = z.strictObject({
  type: z.literal('int'),
  low: z.number().int({ message: 'must be a whole number' }),
  high: z.number().int({ message: 'must be a whole number' }),
  log: z.boolean().default(false),
});

export const categoricalChoiceSchema = z.union([z.string(), finite, z.boolean()]);

export const categoricalParamSchema = z.strictObject({
  type: z.literal('categorical'),
  choices: z.array(categoricalChoiceSchema).min(1, { message: 'needs at least one choice' }),
});

export const paramSchema = z
  .discriminatedUnion('type', [floatParamSchema, intParamSchema, categoricalParamSchema], {
    error: (issue) =>
      issue.code === 'invalid_union' ? 'type must be one of float, int, categorical' : undefined,
  })
  .superRefine((param, ctx) => {
    if (param.type === 'categorical') {
      const seen = new Set(param.choices.map((choice) => JSON.stringify(choice)));
      if (seen.size !== param.choices.length) ctx.addIssue({ code: 'custom', message: 'choices must not repeat' });
      return;
    }
    if (param.low >= param.high) {
      ctx.addIssue({ code: 'custom', message: `low (${param.low}) must be < high (${param.high})` });
    }
    if (param.log && param.low <= 0) {
      ctx.addIssue({ code: 'custom', message: 'low must be > 0 when log is true; raise low or set log: false' });
    }
  });

export type FloatParam = z.infer<typeof floatParamSchema>;
export type IntParam = z.infer<typeof intParamSchema>;
export type CategoricalParam = z.infer<typeof categoricalParamSchema>;
export type CategoricalChoice = z.infer<typeof categoricalChoiceSchema>;
export type Param = z.infer<typeof paramSchema>;
export type ParamType = Param['type'];

/** Names are used in argv templates (`{lr}`) and as column names, so keep them plain. */
export const PARAM_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export const searchSpaceSchema = z
  .record(z.string(), paramSchema)
  .superRefine((space, ctx) => {
    const names = Object.keys(space);
    if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'needs at least one parameter' });
    for (const name of names) {
      if (!PARAM_NAME_PATTERN.test(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'parameter names start with a letter or _ and use only letters, digits, _ . -',
        });
      }
    }
  });

export type SearchSpace = z.infer<typeof searchSpaceSchema>;

/** One concrete configuration: a value for every parameter of the space. */
export type ParamValue = number | string | boolean;
export type ParamValues = Readonly<Record<string, ParamValue>>;
