import type { ApiReply } from '../../../shared/api';
import type { ExperimentFile } from '../../../shared/experiment-file';
import { assertNever, type ApiError } from '../../../shared/result';

/** Live validation of the typed file, as the panel shows it. */
export type Validation =
  | { readonly kind: 'idle' }
  | { readonly kind: 'checking'; readonly previous: SettledValidation | null }
  | SettledValidation;

export type SettledValidation =
  | { readonly kind: 'valid'; readonly file: ExperimentFile }
  | { readonly kind: 'invalid'; readonly error: ApiError };

export const VALIDATION_DELAY_MS = 300;

export function settle(reply: ApiReply<'experiments/validate'>): SettledValidation {
  return reply.ok ? { kind: 'valid', file: reply.value } : { kind: 'invalid', error: reply.error };
}

/** What to show while a new check runs: the last verdict, so the list does not flicker per key. */
export function shownValidation(validation: Validation): SettledValidation | null {
  switch (validation.kind) {
    case 'idle':
      return null;
    case 'checking':
      return validation.previous;
    case 'valid':
    case 'invalid':
      return validation;
    default:
      return assertNever(validation);
  }
}

/** `name · 3 parameters · 20 trials, 2 at a time`: what a valid file will do. */
export function summarize(file: ExperimentFile): string {
  const params = Object.keys(file.space).length;
  const parallel = file.budget.parallel;
  return [
    file.name,
    `${params} parameter${params === 1 ? '' : 's'}`,
    `${file.budget.trials} trial${file.budget.trials === 1 ? '' : 's'}${parallel > 1 ? `, ${parallel} at a time` : ''}`,
    `${file.objective.mode === 'min' ? 'minimize' : 'maximize'} ${file.objective.metric}`,
  ].join(' · ');
}
