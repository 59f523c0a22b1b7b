import { describe, expect, it } from 'vitest';
import { POLICY_NAMES, type PolicyContext, type PolicySettings } from '../../main/policies/policy';
import { createPolicy, POLICIES } from '../../main/policies/registry';
import { powerLawConfigs, simulate, type SimulationOptions } from '../unit/main/policies/simulation';

/**
 * One suite for every registered policy, in each variant: the promises the scheduler relies on.
 * The simulated loop (see simulation.ts) checks on every call that decisions are about trials given,
 * never stop or freeze at or past max, that thaws name a frozen trial with untilStep past its last
 * step and at most max, that the same question gets the same answer, and that a fresh instance
 * (a restarted app) gives it too.
 */

const VARIANTS = ['stopping', 'promotion'] as const;
const cases = POLICY_NAMES.flatMap((name) => VARIANTS.map((variant) => [name, variant] as const));

const configs = powerLawConfigs(40, 11);
const resource = { min: 1, max: 30 };

function options(name: (typeof POLICY_NAMES)[number], variant: (typeof VARIANTS)[number], extra: Partial<SimulationOptions> = {}): SimulationOptions {
  const settings: PolicySettings = { name, seed: 4, variant };
  return { settings, configs, resource, workers: 4, noise: 0.02, ...extra };
}

describe('the registry', () => {
  it('registers every policy name, and each policy reports its own name', () => {
    expect(Object.keys(POLICIES).sort()).toEqual([...POLICY_NAMES].sort());
    for (const name of POLICY_NAMES) expect(createPolicy({ name, seed: 1 }).name).toBe(name);
  });
});

describe.each(cases)('policy contract: %s (%s)', (name, variant) => {
  it('keeps its promises through a simulated experiment of 40 power-law trials, its answers checked against a fresh instance at every call', () => {
    const result = simulate(options(name, variant, { compareFresh: true }));
    expect(result.violations).toEqual([]);
    expect(result.trials).toHaveLength(40);
  });

  it('keeps them with one slot, many slots, and with firstStop stored as the trial untilStep (the scheduler freezing on its own)', () => {
    for (const extra of [{ workers: 1 }, { workers: 16 }, { recordFirstStop: true }, { resource: { min: 2, max: 50 } }]) {
      expect(simulate(options(name, variant, extra)).violations).toEqual([]);
    }
  });

  it('is deterministic: the same settings and seed give the same decisions', () => {
    expect(simulate(options(name, variant)).log).toEqual(simulate(options(name, variant)).log);
  });

  it('replays: rebuilt from scratch mid-run, it goes on exactly as the original would have', () => {
    const whole = simulate(options(name, variant)).log;
    for (const restartAtTick of [3, 10, 25]) expect(simulate(options(name, variant, { restartAtTick })).log).toEqual(whole);
  });

  it('decides the same when maximising the negated objective', () => {
    expect(simulate(options(name, variant, { objective: 'max' })).log).toEqual(simulate(options(name, variant)).log);
  });

  it('decides nothing about trials that are not running, or not in the context, and thaws nothing that is not frozen', () => {
    const trials = (['queued', 'frozen', 'completed', 'failed', 'stopped', 'interrupted'] as const).map((state, i) => ({
      id: 50 + i,
      number: i + 1,
      state,
      // Dreadful values, past every rung: a policy that judged them would stop or freeze them.
      curve: Array.from({ length: 20 }, (_, s) => ({ step: s + 1, value: 100 + i })),
      untilStep: null,
    }));
    const good = Array.from({ length: 9 }, (_, i) => ({
      id: 80 + i,
      number: 10 + i,
      state: 'completed' as const,
      curve: Array.from({ length: 29 }, (_, s) => ({ step: s + 1, value: 0.1 * i })),
      untilStep: null,
    }));
    const context: PolicyContext = { objective: 'min', resource, trials: [...trials, ...good], canStartNew: true };
    const policy = createPolicy({ name, seed: 4, variant });
    for (const trial of trials) expect(policy.onReport(context, trial.id)).toEqual({ kind: 'continue' });
    expect(policy.onReport(context, 12345)).toEqual({ kind: 'continue' });
    const choice = policy.nextThaw(context);
    if (choice !== null) expect(choice.trialId).toBe(51);
  });

  it('never stops or freezes a trial that reports at max, however bad', () => {
    const others = Array.from({ length: 9 }, (_, i) => ({
      id: i + 1,
      number: i + 1,
      state: 'completed' as const,
      curve: Array.from({ length: 30 }, (_, s) => ({ step: s + 1, value: 0.1 * i })),
      untilStep: null,
    }));
    // It jumps from step 0.5 to max in one report: every rung is new to it.
    const late = { id: 99, number: 10, state: 'running' as const, curve: [{ step: 0.5, value: 50 }, { step: 30, value: 50 }], untilStep: null };
    const context: PolicyContext = { objective: 'min', resource, trials: [...others, late], canStartNew: false };
    expect(createPolicy({ name, seed: 4, variant }).onReport(context, 99)).toEqual({ kind: 'continue' });
  });
});
