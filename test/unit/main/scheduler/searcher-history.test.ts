import { describe, expect, it } from 'vitest';
import type { CurvePoint } from '../../../../main/policies/policy';
import { fidelityStep, MIN_OBSERVATIONS_AT_FIDELITY, searcherHistory } from '../../../../main/scheduler/searcher-history';
import { createTpeSearcher } from '../../../../main/searchers/tpe';
import type { Trial } from '../../../../shared/domain';
import type { SearchSpace } from '../../../../shared/search-space';
import { trial as trialFixture } from '../../renderer/fixtures';

/** A falling curve from `start`, one point per step up to `steps`. */
function curve(start: number, steps: number): CurvePoint[] {
  return Array.from({ length: steps }, (_, i) => ({ step: i + 1, value: start / (i + 1) }));
}

function setup(rows: { state: Trial['state']; start: number; steps: number; value?: number | null; stoppedEarly?: boolean }[]) {
  const trials = rows.map((row, i) =>
    trialFixture({ id: i + 1, number: i + 1, state: row.state, params: { x: i / rows.length }, value: row.value ?? row.start / row.steps, lastStep: row.steps, stoppedEarly: row.stoppedEarly ?? false }),
  );
  const curves = new Map(rows.map((row, i) => [i + 1, curve(row.start, row.steps)]));
  return { trials, curves };
}

describe('the step the searcher models values at', () => {
  it('is the highest step enough trials reached', () => {
    const reached = [...Array<number>(MIN_OBSERVATIONS_AT_FIDELITY - 1).fill(9), 3, 3, 1, 1];
    expect(fidelityStep(reached)).toBe(3);
    expect(fidelityStep([...reached, 27])).toBe(9);
  });

  it('is undecided while fewer trials than that have reported', () => {
    expect(fidelityStep(Array<number>(MIN_OBSERVATIONS_AT_FIDELITY - 1).fill(50))).toBeNull();
    expect(fidelityStep(Array<number>(MIN_OBSERVATIONS_AT_FIDELITY).fill(0))).toBeNull();
  });
});

describe('what a searcher learns from', () => {
  it('without a resource: completed trials with their final values, nothing else', () => {
    const { trials, curves } = setup([
      { state: 'completed', start: 1, steps: 5 },
      { state: 'running', start: 1, steps: 3 },
      { state: 'stopped', start: 2, steps: 2 },
    ]);
    const { history, step } = searcherHistory(trials, curves, null);
    expect(step).toBeNull();
    expect(history.map((t) => t.value)).toEqual([0.2, null, null]);
    expect(history.map((t) => t.state)).toEqual(['completed', 'running', 'stopped']);
  });

  it('under a promotion policy: every trial that reached the common step, by its value there', () => {
    // Twelve trials frozen at rung 3 (one still running past it), four at rung 1, one at max.
    const rows = [
      ...Array.from({ length: 11 }, (_, i) => ({ state: 'frozen' as const, start: 1 + i, steps: 3 })),
      { state: 'running' as const, start: 0.5, steps: 6 },
      ...Array.from({ length: 4 }, (_, i) => ({ state: 'frozen' as const, start: 0.1 + i, steps: 1 })),
      { state: 'completed' as const, start: 3, steps: 50, value: 0.01 },
      { state: 'queued' as const, start: 1, steps: 0 },
    ];
    const { trials, curves } = setup(rows);
    const { history, step } = searcherHistory(trials, curves, { max: 50 });
    expect(step).toBe(3);
    // Values at step 3 (start / 3), also for the running trial past it and the completed one.
    expect(history[0]!.value).toBeCloseTo(1 / 3);
    expect(history[10]!.value).toBeCloseTo(11 / 3);
    expect(history[11]!.value).toBeCloseTo(0.5 / 3);
    expect(history[16]!.value).toBeCloseTo(1);
    // Trials frozen at rung 1 say nothing at step 3; the queued one is pending.
    expect(history.slice(12, 16).every((t) => t.value === null)).toBe(true);
    expect(history[17]).toMatchObject({ state: 'queued', value: null });
  });

  it('goes back to final values once enough trials finished', () => {
    const rows = Array.from({ length: MIN_OBSERVATIONS_AT_FIDELITY }, (_, i) => ({ state: 'completed' as const, start: 1 + i, steps: 50 }));
    const { trials, curves } = setup([...rows, { state: 'frozen', start: 1, steps: 3 }]);
    const { history, step } = searcherHistory(trials, curves, { max: 50 });
    expect(step).toBeNull();
    expect(history.at(-1)!.value).toBeNull();
    expect(history[0]!.value).toBeCloseTo(1 / 50);
  });

  it('under a stopping policy: a trial stopped early gives its value at its own step and does not count as having reached max', () => {
    // Median or ASHA stopping: twelve trials stopped early at step 3 (completed, values at step 3),
    // three ran to max (their curves fall to start / 50 there).
    const rows = [
      ...Array.from({ length: 12 }, (_, i) => ({ state: 'completed' as const, start: 2 + i, steps: 3, stoppedEarly: true })),
      ...Array.from({ length: 3 }, (_, i) => ({ state: 'completed' as const, start: 1 + i, steps: 50 })),
    ];
    const { trials, curves } = setup(rows);
    const { history, step } = searcherHistory(trials, curves, { max: 50 });
    // Counted at max they would make fifteen "finished" trials and step 50, mixing step-3 values with final ones.
    expect(step).toBe(3);
    expect(history).toHaveLength(15);
    history.forEach((view, i) => expect(view.value).toBeCloseTo(rows[i]!.start / 3));
    expect(history.every((view) => view.state === 'completed')).toBe(true);
  });

  it('a trial stopped early short of the common step gives no value there', () => {
    const rows = [
      ...Array.from({ length: 10 }, (_, i) => ({ state: 'frozen' as const, start: 1 + i, steps: 9 })),
      { state: 'completed' as const, start: 0.1, steps: 3, stoppedEarly: true },
    ];
    const { trials, curves } = setup(rows);
    const { history, step } = searcherHistory(trials, curves, { max: 50 });
    expect(step).toBe(9);
    expect(history[0]!.value).toBeCloseTo(1 / 9);
    // Its 0.1 / 3 at step 3 would look like the best result of all; at step 9 it has none.
    expect(history[10]!.value).toBeNull();
  });

  it('with enough trials run to max: final values only, and none from trials stopped early', () => {
    const rows = [
      ...Array.from({ length: MIN_OBSERVATIONS_AT_FIDELITY }, (_, i) => ({ state: 'completed' as const, start: 1 + i, steps: 50 })),
      ...Array.from({ length: 5 }, () => ({ state: 'completed' as const, start: 0.01, steps: 3, stoppedEarly: true })),
    ];
    const { trials, curves } = setup(rows);
    const { history, step } = searcherHistory(trials, curves, { max: 50 });
    expect(step).toBeNull();
    expect(history[0]!.value).toBeCloseTo(1 / 50);
    expect(history.slice(MIN_OBSERVATIONS_AT_FIDELITY).map((view) => view.value)).toEqual([null, null, null, null, null]);
  });

  it('without a resource a trial stopped early is no final result either', () => {
    const { trials, curves } = setup([
      { state: 'completed', start: 1, steps: 5 },
      { state: 'completed', start: 0.1, steps: 2, stoppedEarly: true },
    ]);
    expect(searcherHistory(trials, curves, null).history.map((view) => view.value)).toEqual([0.2, null]);
  });

  it('lets TPE leave random search when trials end frozen instead of completed', () => {
    const space: SearchSpace = { x: { type: 'float', low: 0, high: 1, log: false } };
    // Thirty trials frozen at step 3, the good ones near x = 0.1; none completed.
    const trials = Array.from({ length: 30 }, (_, i) => trialFixture({ id: i + 1, number: i + 1, state: 'frozen', params: { x: (i + 0.5) / 30 } }));
    const curves = new Map(trials.map((t) => [t.id, curve(1 + 10 * ((t.params.x as number) - 0.1) ** 2, 3)]));
    const settings = { algorithm: 'tpe' as const, seed: 3 };
    const suggest = (history: ReturnType<typeof searcherHistory>['history']) => createTpeSearcher(settings).suggest({ space, objective: 'min', history, trialNumber: 31 });
    const finalOnly = searcherHistory(trials, curves, null).history;
    const multiFidelity = searcherHistory(trials, curves, { max: 50 }).history;
    const distance = (history: typeof finalOnly) => Math.abs((suggest(history)!.x as number) - 0.1);
    // With final values only TPE has no results and draws at random; at step 3 it goes for the good region.
    expect(finalOnly.every((t) => t.value === null)).toBe(true);
    expect(distance(multiFidelity)).toBeLessThan(0.1);
  });
});
