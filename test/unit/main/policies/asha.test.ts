import { describe, expect, it } from 'vitest';
import { createAshaPolicy } from '../../../../main/policies/asha';
import type { CurvePoint, PolicyTrialView } from '../../../../main/policies/policy';
import { rungLadder, rungLoss } from '../../../../main/policies/successive-halving';
import { context, flat, trial } from './fixtures';

const stopping = createAshaPolicy({ name: 'asha', seed: 1, variant: 'stopping' });
const promotion = createAshaPolicy({ name: 'asha', seed: 1, variant: 'promotion' });
const resource = { min: 1, max: 81 };

/** A curve that is `value` from step `from` on and `before` until then. */
function curveTo(last: number, value: number, from = 1, before = value): CurvePoint[] {
  return Array.from({ length: last }, (_, i) => ({ step: i + 1, value: i + 1 >= from ? value : before }));
}

describe('rungs', () => {
  it('sit at min·eta^k strictly below max, whole steps', () => {
    expect(rungLadder({ min: 1, max: 81 }, 3)).toEqual([1, 3, 9, 27]);
    expect(rungLadder({ min: 1, max: 100 }, 3)).toEqual([1, 3, 9, 27, 81]);
    expect(rungLadder({ min: 2, max: 100 }, 3)).toEqual([2, 6, 18, 54]);
    expect(rungLadder({ min: 1, max: 81 }, 2.5)).toEqual([1, 3, 7, 16, 40]);
    expect(rungLadder({ min: 5, max: 5 }, 3)).toEqual([]);
    expect(rungLadder({ min: 0, max: 10 }, 3)).toEqual([1, 3, 9]);
  });

  it("take a trial's value at the first step it reported at or past the rung", () => {
    const sparse = trial(1, [
      { step: 2, value: 0.9 },
      { step: 5, value: 0.4 },
      { step: 10, value: 0.1 },
    ]);
    expect(rungLoss(sparse, 1, 'min')).toBe(0.9);
    expect(rungLoss(sparse, 3, 'min')).toBe(0.4);
    expect(rungLoss(sparse, 9, 'min')).toBe(0.1);
    expect(rungLoss(sparse, 27, 'min')).toBeNull();
    expect(rungLoss(sparse, 3, 'max')).toBe(-0.4);
  });
});

describe('ASHA, stopping variant', () => {
  // Nine trials past rung 3, with values 0.1 .. 0.9 there.
  const field = Array.from({ length: 9 }, (_, i) => trial(10 + i, flat(0.1 * (i + 1), 20), { state: 'completed' }));
  const arriving = (value: number) => trial(1, [{ step: 1, value: 0.5 }, { step: 2, value: 0.5 }, { step: 3, value }]);

  it('keeps the top 1/eta at a rung (ties at the cutoff included) and stops the rest', () => {
    // Ten results at rung 3: the top 1/3 are the best floor(10/3) = 3, cutoff 0.3.
    expect(stopping.onReport(context([...field, arriving(0.25)], { resource }), 1).kind).toBe('continue');
    expect(stopping.onReport(context([...field, arriving(0.1 * 3)], { resource }), 1).kind).toBe('continue');
    expect(stopping.onReport(context([...field, arriving(0.35)], { resource }), 1)).toEqual({
      kind: 'stop',
      reason: 'rung 3: 0.35 is not in the top 1/3 (the best 3 of 10 trials there, cutoff 0.3)',
    });
  });

  it('judges nobody at a rung with fewer than eta results there', () => {
    const alone = [trial(10, flat(0.1, 20), { state: 'completed' })];
    expect(stopping.onReport(context([...alone, arriving(0.9)], { resource }), 1).kind).toBe('continue');
  });

  it('judges a trial at a rung once, on the report that gets it there', () => {
    const past = trial(1, [...curveTo(3, 0.5), { step: 4, value: 0.5 }]);
    // At step 4 nothing is new: it passed rung 3 (and was judged) on its previous report.
    expect(stopping.onReport(context([...field, past], { resource }), 1).kind).toBe('continue');
  });

  it('judges a report that jumps past several rungs at each of them', () => {
    const jump = trial(1, [{ step: 10, value: 0.95 }]);
    expect(stopping.onReport(context([...field, jump], { resource }), 1)).toEqual({ kind: 'stop', reason: expect.stringMatching(/^rung 1:/) });
  });

  it('never stops a trial at max, nor one that is not running', () => {
    const done = trial(1, [{ step: 1, value: 0.95 }, { step: 81, value: 0.95 }]);
    expect(stopping.onReport(context([...field, done], { resource }), 1).kind).toBe('continue');
    const frozen = trial(1, [{ step: 1, value: 0.5 }, { step: 2, value: 0.5 }, { step: 3, value: 0.95 }], { state: 'frozen' });
    expect(stopping.onReport(context([...field, frozen], { resource }), 1).kind).toBe('continue');
  });

  it('gives no first stop and never thaws', () => {
    const ctx = context([...field.map((t) => ({ ...t, state: 'frozen' as const }))], { resource });
    expect(stopping.firstStop(ctx, 1)).toBeNull();
    expect(stopping.nextThaw(ctx)).toBeNull();
  });
});

describe('ASHA, promotion variant', () => {
  it('starts a trial towards the first rung and freezes it there', () => {
    expect(promotion.firstStop(context([], { resource }), 1)).toBe(1);
    expect(promotion.firstStop(context([], { resource: { min: 3, max: 81 } }), 1)).toBe(3);
    expect(promotion.onReport(context([trial(1, flat(0.5, 1))], { resource }), 1)).toEqual({ kind: 'freeze', reason: 'reached its first rung (1) at step 1' });
  });

  it('freezes a promoted trial at the step it was thawed to, and not before', () => {
    expect(promotion.onReport(context([trial(1, flat(0.5, 8), { untilStep: 9 })], { resource }), 1).kind).toBe('continue');
    expect(promotion.onReport(context([trial(1, flat(0.5, 9), { untilStep: 9 })], { resource }), 1).kind).toBe('freeze');
    // The same when the scheduler stored firstStop as the new trial's untilStep.
    expect(promotion.onReport(context([trial(1, flat(0.5, 1), { untilStep: 1 })], { resource }), 1).kind).toBe('freeze');
  });

  it('lets a trial thawed without a target (a resume) run on, and never freezes at max', () => {
    expect(promotion.onReport(context([trial(1, flat(0.5, 4))], { resource }), 1).kind).toBe('continue');
    expect(promotion.onReport(context([trial(1, flat(0.5, 80), { untilStep: 81 })], { resource }), 1).kind).toBe('continue');
    expect(promotion.onReport(context([trial(1, flat(0.5, 81), { untilStep: 81 })], { resource }), 1).kind).toBe('continue');
  });

  /**
   * Rung 1: nine trials, values 0.1 .. 0.9; the top three (1, 2, 3) were promoted and froze at rung 3
   * with values 0.05, 0.04, 0.06; the other six are frozen at rung 1.
   */
  function ladderState(overrides: Partial<Record<number, Partial<PolicyTrialView>>> = {}): PolicyTrialView[] {
    const atThree = [0.05, 0.04, 0.06];
    return Array.from({ length: 9 }, (_, i) => {
      const id = i + 1;
      const first = 0.1 * id;
      const base =
        id <= 3
          ? trial(id, [{ step: 1, value: first }, { step: 2, value: first }, { step: 3, value: atThree[i]! }], { state: 'frozen', untilStep: 3 })
          : trial(id, [{ step: 1, value: first }], { state: 'frozen' });
      return { ...base, ...overrides[id] };
    });
  }

  it('promotes the best frozen trial at the highest rung that has one in its top 1/eta', () => {
    expect(promotion.nextThaw(context(ladderState(), { resource }))).toEqual({
      trialId: 2,
      untilStep: 9,
      reason: 'promoted from rung 3 to step 9: 1st of 3 there, in the top 1/3',
    });
  });

  it('goes down a rung when the top one has nothing promotable, and starts a new configuration when no rung has', () => {
    const promoted = ladderState({ 2: { state: 'running', untilStep: 9 } });
    // Rung 3's top 1/3 is trial 2, already on its way; rung 1's top three have all moved on.
    expect(promotion.nextThaw(context(promoted, { resource }))).toBeNull();
    // A tenth trial at rung 1 makes the top three 0.1, 0.15, 0.2: it is promotable.
    const newcomer = trial(10, [{ step: 1, value: 0.15 }], { state: 'frozen' });
    expect(promotion.nextThaw(context([...promoted, newcomer], { resource }))).toMatchObject({ trialId: 10, untilStep: 3 });
  });

  it('never thaws a finished trial, nor one already promoted past its rung', () => {
    for (const state of ['completed', 'stopped', 'failed', 'interrupted', 'running', 'paused', 'queued'] as const) {
      const choice = promotion.nextThaw(context(ladderState({ 2: { state } }), { resource }));
      expect(choice).toBeNull();
    }
    // Thawed to 9, then frozen at step 5 by hand: left alone.
    const halfway = ladderState({
      2: { untilStep: 9, curve: [...ladderState()[1]!.curve, { step: 4, value: 0.04 }, { step: 5, value: 0.04 }] },
    });
    expect(promotion.nextThaw(context(halfway, { resource }))).toBeNull();
  });

  it('promotes between equal values by trial number, and counts values equal to the cutoff as in the top', () => {
    const tied = Array.from({ length: 6 }, (_, i) => trial(20 - i, [{ step: 1, value: i < 3 ? 0.2 : 0.5 }], { state: 'frozen', number: 20 - i }));
    // Six results: the top 1/3 is two, but three tie at the cutoff: all three are promotable, 18 first.
    expect(promotion.nextThaw(context(tied, { resource }))).toMatchObject({ trialId: 18, untilStep: 3 });
    const afterTwo = tied.map((t) => (t.id === 18 || t.id === 19 ? { ...t, state: 'running' as const, untilStep: 3 } : t));
    expect(promotion.nextThaw(context(afterTwo, { resource }))).toMatchObject({ trialId: 20 });
  });

  it('finishes what it has once no new configuration may start: the best at the top rung goes to max', () => {
    const top = trial(1, flat(0.1, 27), { state: 'frozen', untilStep: 27 });
    expect(promotion.nextThaw(context([top], { resource }))).toBeNull();
    // Not saying is saying new trials may come (the paper's setting).
    expect(promotion.nextThaw({ objective: 'min', resource, trials: [top] })).toBeNull();
    expect(promotion.nextThaw(context([top], { resource, canStartNew: false }))).toEqual({
      trialId: 1,
      untilStep: 81,
      reason: 'promoted from rung 27 to step 81: the best of 1 there, finishing (no new trials may start)',
    });
  });

  it('mirrors when maximising', () => {
    const state = ladderState().map((t) => ({ ...t, curve: t.curve.map((p) => ({ ...p, value: -p.value })) }));
    expect(promotion.nextThaw(context(state, { resource, objective: 'max' }))).toMatchObject({ trialId: 2, untilStep: 9 });
  });
});

describe('ASHA settings', () => {
  it('refuses an eta that does not reduce, and an unknown variant', () => {
    expect(() => createAshaPolicy({ name: 'asha', seed: 1, eta: 1 })).toThrow(/eta must be a number > 1/);
    expect(() => createAshaPolicy({ name: 'asha', seed: 1, eta: Number.NaN })).toThrow(RangeError);
    expect(() => createAshaPolicy({ name: 'asha', seed: 1, variant: 'sometimes' as 'stopping' })).toThrow(/variant/);
  });

  it('is the stopping variant unless told otherwise (it needs no checkpoints)', () => {
    const plain = createAshaPolicy({ name: 'asha', seed: 1 });
    expect(plain.firstStop(context([], { resource }), 1)).toBeNull();
  });

  it('uses eta for both the rungs and the share kept', () => {
    const eta2 = createAshaPolicy({ name: 'asha', seed: 1, eta: 2, variant: 'promotion' });
    const four = Array.from({ length: 4 }, (_, i) => trial(i + 1, [{ step: 1, value: 0.1 * (i + 1) }], { state: 'frozen' }));
    // Four results, eta 2: the best two are promotable, to rung 2.
    expect(eta2.nextThaw(context(four, { resource }))).toMatchObject({ trialId: 1, untilStep: 2 });
    expect(promotion.nextThaw(context(four, { resource }))).toMatchObject({ trialId: 1, untilStep: 3 });
  });
});
