/**
 * The one envelope every API reply travels in: data, never exceptions, crosses a process boundary.
 */
export type ErrorCode =
  | 'invalid-arguments'
  | 'invalid-experiment'
  | 'not-found'
  | 'conflict'
  | 'unsupported'
  | 'unknown-channel'
  | 'io-error'
  | 'internal';

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `space.lr` or `budget.trials`. */
  readonly path: string;
  readonly message: string;
}

export interface ApiError {
  readonly code: ErrorCode;
  readonly message: string;
  /** Present for validation failures: one entry per offending field. */
  readonly issues?: readonly FieldIssue[];
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, issues?: readonly FieldIssue[]): { ok: false; error: ApiError } {
  return { ok: false, error: issues ? { code, message, issues } : { code, message } };
}

/** Exhaustiveness guard for closed unions: a new member that is not handled fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
