import type { ExperimentSpec, ObjectiveMode } from '../../shared/experiment-file';
import type { TrialState } from '../../shared/domain';
import type { ParamValues, SearchSpace } from '../../shared/search-space';

/** What a searcher may know about a trial: a read-only view, rebuilt from the store after a restart. */
export interface TrialView {
  readonly number: number;
  readonly params: ParamValues;
  readonly state: TrialState;
  /**
   * The result to learn from, or null when the trial has none (yet). Without a promotion policy
   * that is a completed trial's final value. Under one most trials end frozen at a rung, so the
   * scheduler gives every trial that reached a common step its value there instead (BOHB's
   * multi-fidelity model; scheduler/searcher-history.ts): all values in one history are comparable.
   */
  readonly value: number | null;
}

/** A trial whose value a searcher models. */
export function isObservation(trial: TrialView): trial is TrialView & { readonly value: number } {
  return trial.value !== null && Number.isFinite(trial.value);
}

/**
 * A trial under way without a value yet: a searcher should steer new suggestions away from it
 * rather than pile onto the same region (the "constant liar" of parallel BO).
 */
export function isPending(trial: TrialView): boolean {
  return trial.value === null && (trial.state === 'running' || trial.state === 'queued' || trial.state === 'paused');
}

export interface SuggestContext {
  readonly space: SearchSpace;
  readonly objective: ObjectiveMode;
  /** Every trial so far, including running ones (so a searcher can avoid piling onto them). */
  readonly history: readonly TrialView[];
  /** The number the suggested trial will get (1-based). */
  readonly trialNumber: number;
}

/**
 * Decides which configuration to try next. Pure: no I/O, no clock; the same seed and context give
 * the same answer. Returns null when it has nothing left to suggest (an exhausted grid).
 */
export interface Searcher {
  readonly name: string;
  suggest(context: SuggestContext): ParamValues | null;
}

/** A searcher is built from the experiment's `search` settings (the seed is always fixed by then). */
export type SearchSettings = Readonly<ExperimentSpec['search']>;
export type SearcherFactory = (settings: SearchSettings) => Searcher;
