import type { PolicyName } from '../../shared/experiment-file';
/**
 * The policy contract: what decides, trial by trial, whether a running trial goes on, is frozen at a
 * rung or is stopped, and which frozen trial is thawed when a slot frees.
 *
 * Policies are pure plugins (STYLE.md rule 4): no I/O, no clock, no hidden mutable state. After a
 * restart the scheduler builds a fresh one from the same settings and hands it views rebuilt from the
 * store; it must then decide exactly what the old instance would have. Everything a decision needs
 * is therefore derived from the settings, the seed and the views passed in.
 */

/** One objective value, in the user's units, at one step. */
export interface CurvePoint {
  readonly step: number;
  readonly value: number;
}

/** What a policy may know about a trial: a read-only view, rebuilt from the store after a restart. */
export interface PolicyTrialView {
  readonly id: number;
  readonly number: number;
  readonly state: 'queued' | 'running' | 'paused' | 'frozen' | 'completed' | 'failed' | 'stopped' | 'interrupted';
  /** Objective curve so far, steps ascending (one value per step). */
  readonly curve: readonly CurvePoint[];
  /** Freeze-at step it was last thawed with, if any (ASHA promotion bookkeeping comes from here). */
  readonly untilStep: number | null;
}

export interface PolicyContext {
  readonly objective: 'min' | 'max';
  /** The resource, in steps as the trials report them: a trial is done at `max`. */
  readonly resource: { readonly min: number; readonly max: number };
  /** Every trial of the experiment (the one being decided included). */
  readonly trials: readonly PolicyTrialView[];
  /**
   * Whether the budget still allows starting a new configuration; absent means it does (added to
   * the first draft: ASHA promotion needs it). When it does not, a promotion scheme finishes what it
   * has: the best frozen trial at a rung may be promoted even with fewer than eta results there.
   * Otherwise an experiment whose trial budget is spent ends with every trial frozen below max,
   * because the top rung rarely collects the eta results the top-1/eta rule needs (40 trials with
   * eta 3 and four rungs leave one at the top).
   */
  readonly canStartNew?: boolean;
}

export type PolicyDecision =
  | { readonly kind: 'continue' }
  /** Ends it: its result is its best-so-far / last value (the scheduler decides). */
  | { readonly kind: 'stop'; readonly reason: string }
  /** Promotion schemes: pause at a rung (checkpoint, free the slot). */
  | { readonly kind: 'freeze'; readonly reason: string };

export interface ThawChoice {
  readonly trialId: number;
  readonly untilStep: number;
  readonly reason: string;
}

export interface Policy {
  readonly name: PolicyName;
  /** `trialId` just reported its objective at its last curve step: what now? */
  onReport(context: PolicyContext, trialId: number): PolicyDecision;
  /** A slot is free: a frozen trial to thaw (promote) and the step to run it to, or null to start a new configuration. */
  nextThaw(context: PolicyContext): ThawChoice | null;
  /** Before launching a new trial: the step it should first freeze at (its first rung), or null to run to resource.max. */
  firstStop(context: PolicyContext, trialNumber: number): number | null;
}

// The names are part of the experiment file, so the shared schema owns them.
export { POLICY_NAMES, type PolicyName } from '../../shared/experiment-file';

/**
 * A policy is built from the experiment's policy settings (the seed is fixed by then). Settings a
 * policy does not use are ignored; values that cannot be meant (eta <= 1, a fractional min_trials)
 * make the factory throw a RangeError, like an impossible grid does for the searchers.
 */
export interface PolicySettings {
  name: PolicyName;
  seed: number;
  /** asha, hyperband: the reduction factor (default 3): rungs at min·eta^k, the top 1/eta goes on. */
  eta?: number;
  /** median: no stopping before this step (default max(resource.min, ceil(5% of max)), at least 1). */
  warmup_steps?: number;
  /** median: how many other trials must have reached a step before it judges there (default 3). */
  min_trials?: number;
  /** asha, hyperband: stop losers at each rung, or freeze at each rung and promote (default 'stopping'). */
  variant?: 'stopping' | 'promotion';
  /** hyperband: how many brackets (default: as many as have a rung below max). */
  brackets?: number;
}

export type PolicyFactory = (settings: PolicySettings) => Policy;
