import type { CurvePoint, PolicyContext, PolicyTrialView } from '../../../../main/policies/policy';

/** Hand-made views for the policy unit tests. */

/** Values at steps 1, 2, 3, ... */
export function steps(...values: number[]): CurvePoint[] {
  return values.map((value, i) => ({ step: i + 1, value }));
}

/** The same value at steps 1..count. */
export function flat(value: number, count: number): CurvePoint[] {
  return Array.from({ length: count }, (_, i) => ({ step: i + 1, value }));
}

export function trial(
  id: number,
  curve: readonly CurvePoint[],
  options: { state?: PolicyTrialView['state']; untilStep?: number | null; number?: number } = {},
): PolicyTrialView {
  return { id, number: options.number ?? id, state: options.state ?? 'running', curve, untilStep: options.untilStep ?? null };
}

export function context(trials: readonly PolicyTrialView[], options: Partial<Omit<PolicyContext, 'trials'>> = {}): PolicyContext {
  return { objective: 'min', resource: { min: 1, max: 100 }, canStartNew: true, trials, ...options };
}
