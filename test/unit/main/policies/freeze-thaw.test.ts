import { describe, expect, it } from 'vitest';
import { bandInObjectiveUnits, createFreezeThawPolicy, FREEZE_THAW, forecastsFor } from '../../../../main/policies/freeze-thaw';
import type { CurvePoint } from '../../../../main/policies/policy';
import { context, flat, trial } from './fixtures';
import { powerLawConfigs, powerLawValue, simulate, type SimulationOptions } from './simulation';

const policy = createFreezeThawPolicy({ name: FREEZE_THAW, seed: 1 });

/** value(t) = final + (start - final)·t^-0.6 at steps 1..count: a power law falling towards `final` (0.25 at step 100 for 0.2). */
function heading(final: number, count: number, start = 1): CurvePoint[] {
  return Array.from({ length: count }, (_, i) => ({ step: i + 1, value: final + (start - final) * (i + 1) ** -0.6 }));
}

/** Five trials that finished (max 100) between 0.2 and 0.6. */
const finished = [0.2, 0.3, 0.4, 0.5, 0.6].map((final, i) => trial(i + 1, heading(final, 100), { state: 'completed' }));

describe('freeze_thaw onReport', () => {
  it('freezes a clearly hopeless curve: flat at 0.9 for 20 steps when the best finished at 0.2', () => {
    const decision = policy.onReport(context([...finished, trial(10, flat(0.9, 20))]), 10);
    expect(decision.kind).toBe('freeze');
    expect(decision.kind === 'freeze' && decision.reason).toMatch(/chance of beating trial 1's 0.25\d* at max, below 10%/);
  });

  it('lets a curve on course to beat the best run on', () => {
    expect(policy.onReport(context([...finished, trial(10, heading(0.1, 20))]), 10)).toEqual({ kind: 'continue' });
  });

  it('judges nothing before resource.min, at max, or with no other trial to compare against', () => {
    expect(policy.onReport(context([...finished, trial(10, flat(0.9, 4))], { resource: { min: 5, max: 100 } }), 10)).toEqual({ kind: 'continue' });
    expect(policy.onReport(context([...finished, trial(10, flat(0.9, 100))]), 10)).toEqual({ kind: 'continue' });
    expect(policy.onReport(context([trial(10, flat(0.9, 20))]), 10)).toEqual({ kind: 'continue' });
  });

  it('while none has reached max, compares with the best value the others reported so far', () => {
    const others = [trial(1, heading(0.2, 30)), trial(2, heading(0.3, 30))];
    const best = heading(0.2, 30).at(-1)!.value;
    expect(policy.onReport(context([...others, trial(10, flat(0.9, 30))]), 10)).toMatchObject({
      kind: 'freeze',
      reason: expect.stringContaining(`trial 1's best so far, ${Number(best.toPrecision(4))} (none has reached max yet)`),
    });
    // A curve heading below the leaders' values so far is let run.
    expect(policy.onReport(context([...others, trial(10, heading(0.05, 30))]), 10)).toEqual({ kind: 'continue' });
  });

  it('screens the first trials: frozen at their first report while fewer than three others have reported', () => {
    const first = policy.onReport(context([trial(10, flat(0.9, 1))]), 10);
    expect(first).toMatchObject({ kind: 'freeze', reason: expect.stringMatching(/^screened at step 1: fewer than 3 other trials have reported/) });
    const others = [trial(1, flat(0.5, 1), { state: 'frozen' }), trial(2, flat(0.6, 1), { state: 'frozen' })];
    expect(policy.onReport(context([...others, trial(10, flat(0.4, 1))]), 10).kind).toBe('freeze');
    // With three others to compare against, the forecast decides: a curve heading well below them runs on.
    const three = [...others, trial(3, flat(0.7, 1), { state: 'frozen' })];
    expect(policy.onReport(context([...three, trial(10, flat(0.1, 1))]), 10)).toEqual({ kind: 'continue' });
    // Only the first report at or past resource.min is a screen.
    expect(policy.onReport(context([trial(10, flat(0.9, 2))]), 10)).toEqual({ kind: 'continue' });
    expect(policy.onReport(context([trial(10, flat(0.9, 1))], { resource: { min: 3, max: 100 } }), 10)).toEqual({ kind: 'continue' });
  });

  it('lets a thawed trial run to the step it was thawed to, and freezes it there', () => {
    const thawed = (count: number) => trial(10, flat(0.9, count), { untilStep: 30 });
    expect(policy.onReport(context([...finished, thawed(25)]), 10)).toEqual({ kind: 'continue' });
    expect(policy.onReport(context([...finished, thawed(30)]), 10)).toMatchObject({ kind: 'freeze', reason: expect.stringMatching(/thawed to \(30\)/) });
  });
});

describe('freeze_thaw nextThaw', () => {
  const promising = trial(20, heading(0.15, 40), { state: 'frozen' });
  const hopeless = trial(21, flat(0.9, 40), { state: 'frozen' });

  it('thaws a promising frozen trial before starting a new configuration, for a tenth of max', () => {
    const choice = policy.nextThaw(context([...finished, hopeless, promising]));
    expect(choice).toMatchObject({ trialId: 20, untilStep: 50 });
    expect(choice!.reason).toMatch(/a new configuration's is/);
  });

  it('starts a new configuration rather than thaw a hopeless one', () => {
    expect(policy.nextThaw(context([...finished, hopeless]))).toBeNull();
  });

  it('with no new configuration allowed, thaws the best frozen trial, and never a hopeless one', () => {
    const good = trial(22, heading(0.19, 60), { state: 'frozen' });
    expect(policy.nextThaw(context([...finished, hopeless, good, promising], { canStartNew: false }))).toMatchObject({ trialId: 20 });
    expect(policy.nextThaw(context([...finished, hopeless], { canStartNew: false }))).toBeNull();
  });

  it('thaws to max when max is closer than a chunk, and leaves alone a trial frozen short of the step it was thawed to', () => {
    const nearlyDone = trial(23, heading(0.1, 95), { state: 'frozen' });
    expect(policy.nextThaw(context([...finished, nearlyDone]))).toMatchObject({ trialId: 23, untilStep: 100 });
    const interrupted = trial(23, heading(0.1, 95), { state: 'frozen', untilStep: 99 });
    expect(policy.nextThaw(context([...finished, interrupted]))).toBeNull();
  });

  it('thaws the leader of a pool that none has run to max, judged against the runner-up rather than itself', () => {
    // Three screened trials; the leader's own value is the best so far, and judged against itself a
    // thaw looked worth next to nothing.
    const pool = [trial(1, flat(0.3, 1), { state: 'frozen' }), trial(2, flat(0.5, 1), { state: 'frozen' }), trial(3, flat(0.6, 1), { state: 'frozen' })];
    const choice = policy.nextThaw(context(pool, { canStartNew: false }));
    expect(choice).toMatchObject({ trialId: 1, untilStep: 11 });
    expect(choice!.reason).toMatch(/expected improvement on trial 2's best so far, 0.5 /);
  });

  it('prices a new configuration at a screen, not at max: a pool of trials frozen at step 1 makes a new one cheap', () => {
    // Trial 20 is promising but will likely not beat the incumbent by much; against draws charged
    // max steps each it was thawed, against draws that cost a step unless they win, a new one starts.
    const screened = Array.from({ length: 30 }, (_, i) => trial(30 + i, flat(0.3 + 0.01 * i, 1), { state: 'frozen' }));
    const modest = trial(20, heading(0.24, 10), { state: 'frozen' });
    expect(policy.nextThaw(context([...finished, ...screened, modest]))).toBeNull();
    // The same trial with the new configurations no cheaper than max (every frozen trial got far) is thawed.
    const deep = screened.map((t) => trial(t.id, flat(t.curve[0]!.value, 90), { state: 'frozen' }));
    expect(policy.nextThaw(context([...finished, ...deep, modest]))).toMatchObject({ trialId: 20 });
  });

  it('starts new configurations while fewer than three trials have reported', () => {
    expect(policy.nextThaw(context([finished[0]!, promising]))).toBeNull();
  });
});

describe('forecastsFor', () => {
  it('forecasts every live or frozen trial that has reported, at max, and converts bands for a maximised objective', () => {
    const trials = [...finished, trial(10, heading(0.3, 20)), trial(11, heading(0.3, 20), { state: 'frozen' }), trial(12, [], { state: 'running' }), trial(13, heading(0.3, 20), { state: 'stopped' })];
    const forecasts = forecastsFor(context(trials));
    expect([...forecasts.keys()].sort()).toEqual([10, 11]);
    const forecast = forecasts.get(10)!;
    expect(forecast.targetStep).toBe(100);
    expect(forecast.low).toBeLessThan(forecast.high);
    const maximised = forecastsFor(context(trials.map((t) => ({ ...t, curve: t.curve.map((p) => ({ step: p.step, value: -p.value })) })), { objective: 'max' }));
    expect(bandInObjectiveUnits(maximised.get(10)!, 'max')).toEqual({ median: -forecast.median, low: -forecast.high, high: -forecast.low });
  });
});

/**
 * Does freeze-thaw earn its keep? 40 power-law configurations (the ASHA simulation's family), max 50,
 * four slots: running all to max costs 2000 steps. Measured over seeds 1..10 with 1, 4 and 8 slots,
 * noise 0 and 0.02 (60 runs): at most 594 steps (29.7%), and the best completed trial was the best
 * configuration every time (regret 0). The bounds leave a little room.
 */
describe('freeze_thaw on synthetic learning curves', () => {
  const options = (seed: number, extra: Partial<SimulationOptions> = {}): SimulationOptions => ({
    settings: { name: FREEZE_THAW, seed },
    configs: powerLawConfigs(40, seed),
    resource: { min: 1, max: 50 },
    workers: 4,
    noise: 0.02,
    ...extra,
  });

  it('spends under a third of the steps of running all 40 to max and finishes the best configuration, or one within 0.01 of it', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const configs = powerLawConfigs(40, seed);
      const best = Math.min(...configs.map((config) => powerLawValue(config, 50)));
      const result = simulate(options(seed));
      expect(result.violations).toEqual([]);
      expect(result.stepsRun).toBeLessThan(2000 / 3);
      const completed = result.trials.filter((t) => t.state === 'completed');
      expect(completed.length).toBeGreaterThan(0);
      expect(Math.min(...completed.map((t) => powerLawValue(t.config, 50))) - best).toBeLessThan(0.01);
    }
  }, 60_000);
});
