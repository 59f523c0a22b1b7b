import { describe, expect, it } from 'vitest';
import { createAshaPolicy } from '../../../../main/policies/asha';
import { bracketCount, bracketOf, bracketWeights, createHyperbandPolicy } from '../../../../main/policies/hyperband';
import { context, flat, trial } from './fixtures';

const resource = { min: 1, max: 81 };
// min 1, max 81, eta 3: rungs 1, 3, 9, 27, so four brackets by default.
const weights = bracketWeights(4, 4, 3);

/** The first `count` trial numbers that land in `bracket` under `seed`. */
function numbersIn(bracket: number, count: number, seed = 7): number[] {
  const found: number[] = [];
  for (let number = 1; found.length < count; number++) if (bracketOf(seed, number, weights) === bracket) found.push(number);
  return found;
}

describe('hyperband brackets', () => {
  it('are assigned from the seed and the trial number alone: the same in a fresh instance, different under another seed', () => {
    const a = createHyperbandPolicy({ name: 'hyperband', seed: 7, variant: 'promotion' });
    const b = createHyperbandPolicy({ name: 'hyperband', seed: 7, variant: 'promotion' });
    const other = createHyperbandPolicy({ name: 'hyperband', seed: 8, variant: 'promotion' });
    const ctx = context([], { resource });
    const firstStops = (policy: typeof a) => Array.from({ length: 200 }, (_, i) => policy.firstStop(ctx, i + 1));
    expect(firstStops(a)).toEqual(firstStops(b));
    expect(firstStops(a)).not.toEqual(firstStops(other));
    // Trial 17's bracket does not depend on who came before it.
    expect(bracketOf(7, 17, weights)).toBe(bracketOf(7, 17, weights));
  });

  it('give the aggressive brackets the most trials, in the proportions of synchronous Hyperband (n_s = (S+1)/(s+1)·eta^s)', () => {
    expect(weights).toEqual([81, 33.75, 15, 7.5]);
    const counts = [0, 0, 0, 0];
    for (let number = 1; number <= 4000; number++) counts[bracketOf(3, number, weights)]! += 1;
    const total = weights.reduce((sum, w) => sum + w, 0);
    for (const [b, count] of counts.entries()) expect(Math.abs(count / 4000 - weights[b]! / total)).toBeLessThan(0.02);
  });

  it('each start higher up the ladder: bracket b first freezes at min·eta^b', () => {
    const policy = createHyperbandPolicy({ name: 'hyperband', seed: 7, variant: 'promotion' });
    const ctx = context([], { resource });
    for (const bracket of [0, 1, 2, 3]) for (const number of numbersIn(bracket, 3)) expect(policy.firstStop(ctx, number)).toBe(3 ** bracket);
    const seen = new Set(Array.from({ length: 100 }, (_, i) => policy.firstStop(ctx, i + 1)));
    expect(seen).toEqual(new Set([1, 3, 9, 27]));
  });

  it('number as many as have a rung below max by default; more adds the bracket that runs to max; never more than that', () => {
    expect(bracketCount({}, 4)).toBe(4);
    expect(bracketCount({ brackets: 2 }, 4)).toBe(2);
    expect(bracketCount({ brackets: 5 }, 4)).toBe(5);
    expect(bracketCount({ brackets: 9 }, 4)).toBe(5);
    expect(bracketCount({}, 0)).toBe(1);
  });

  it('with one bracket, hyperband is ASHA', () => {
    const one = createHyperbandPolicy({ name: 'hyperband', seed: 7, brackets: 1, variant: 'promotion' });
    const ctx = context([], { resource });
    for (let number = 1; number <= 30; number++) expect(one.firstStop(ctx, number)).toBe(1);
  });

  it('runs the trials of the extra last bracket to max without judging them', () => {
    const five = createHyperbandPolicy({ name: 'hyperband', seed: 7, brackets: 5, variant: 'stopping' });
    const lastBracket = Array.from({ length: 200 }, (_, i) => i + 1).filter((n) => bracketOf(7, n, bracketWeights(5, 4, 3)) === 4);
    expect(lastBracket.length).toBeGreaterThan(3);
    const good = lastBracket.slice(0, 3).map((number) => trial(number, flat(0.1, 81), { state: 'completed' }));
    const bad = trial(lastBracket[3]!, flat(0.9, 40));
    expect(five.onReport(context([...good, bad], { resource }), bad.id).kind).toBe('continue');
    const promoting = createHyperbandPolicy({ name: 'hyperband', seed: 7, brackets: 5, variant: 'promotion' });
    expect(promoting.firstStop(context([], { resource }), lastBracket[0]!)).toBeNull();
  });

  it('judges a trial only against trials of its own bracket, at its own rungs', () => {
    const hyperband = createHyperbandPolicy({ name: 'hyperband', seed: 7, variant: 'stopping' });
    const asha = createAshaPolicy({ name: 'asha', seed: 7, variant: 'stopping' });
    // Bracket 0 has nine excellent results at rung 3; bracket 1 (rungs 3, 9, 27) two poor ones.
    const bracket0 = numbersIn(0, 9).map((number) => trial(number, flat(0.1, 20), { state: 'completed' }));
    const [first, second, reporting] = numbersIn(1, 3);
    const bracket1 = [trial(first!, flat(0.9, 20), { state: 'completed' }), trial(second!, flat(0.8, 20), { state: 'completed' })];
    const arriving = trial(reporting!, flat(0.7, 3));
    const ctx = context([...bracket0, ...bracket1, arriving], { resource });
    expect(hyperband.onReport(ctx, arriving.id).kind).toBe('continue');
    // Against everyone (plain ASHA) it would have been stopped.
    expect(asha.onReport(ctx, arriving.id).kind).toBe('stop');
    // And its bracket has no rung 1: a poor first step is not judged there.
    const early = trial(reporting!, flat(0.95, 1));
    expect(hyperband.onReport(context([...bracket0, early], { resource }), early.id).kind).toBe('continue');
  });

  it('promotes the frozen trial at the highest rung across brackets', () => {
    const hyperband = createHyperbandPolicy({ name: 'hyperband', seed: 7, variant: 'promotion' });
    // Bracket 0: three frozen at rung 1. Bracket 2 (rungs 9, 27): three frozen at rung 9.
    const low = numbersIn(0, 3).map((number, i) => trial(number, flat(0.1 + 0.1 * i, 1), { state: 'frozen' }));
    const high = numbersIn(2, 3).map((number, i) => trial(number, flat(0.5 + 0.1 * i, 9), { state: 'frozen' }));
    const choice = hyperband.nextThaw(context([...low, ...high], { resource }));
    expect(choice).toMatchObject({ trialId: high[0]!.id, untilStep: 27, reason: expect.stringMatching(/rung 9 .*\(bracket 2\)$/) });
    const withoutHigh = hyperband.nextThaw(context(low, { resource }));
    expect(withoutHigh).toMatchObject({ trialId: low[0]!.id, untilStep: 3 });
  });
});
