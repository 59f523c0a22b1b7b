import { createRng } from '../../main/searchers/rng';
import type { CurveTable } from './tables';
import { Trace } from './trace';

/**
 * "Train everything one epoch, keep the top k" (Egele et al. 2023, arXiv 2307.15422: a baseline
 * that multi-fidelity methods often fail to beat): half the budget trains random configurations
 * one step each, the other half trains the k best of them to max, best first. Computed directly on
 * the table (it needs no scheduler: nothing is frozen or thawed), steps counted the same way.
 */
export function oneEpochTopK(table: CurveTable, seed: number, budgetSteps: number): Trace {
  const rng = createRng(seed, 0x70b);
  const trace = new Trace(table);
  const k = Math.max(1, Math.floor(budgetSteps / 2 / (table.maxStep - 1)));
  const screened = Math.max(k, budgetSteps - k * (table.maxStep - 1));
  const picks = Array.from({ length: screened }, () => Math.floor(rng.next() * table.losses.length));
  let now = 0;
  for (const pick of picks) {
    now += table.seconds[pick]![0]!;
    trace.step(pick, 1, table.losses[pick]![0]!, now * 1000);
  }
  const ranked = [...new Set(picks)].sort((a, b) => lossOrWorst(table, a) - lossOrWorst(table, b)).slice(0, k);
  for (const pick of ranked) {
    for (let step = 2; step <= table.maxStep && trace.steps < budgetSteps; step++) {
      now += table.seconds[pick]![step - 1]!;
      trace.step(pick, step, table.losses[pick]![step - 1]!, now * 1000);
    }
  }
  trace.finish(picks.length);
  return trace;
}

function lossOrWorst(table: CurveTable, configuration: number): number {
  const loss = table.losses[configuration]![0]!;
  return Number.isFinite(loss) ? loss : Infinity;
}

/**
 * The floor for `parallel` trials at a time: an oracle that starts the table's best configuration
 * first and fills the other slots with random configurations, each run to max, until the best one
 * reaches max. Its steps to the target are what the others' slots cost while the winner trains:
 * a policy that keeps every slot busy does better in steps only by luck (slots on configurations
 * whose steps take longer), however good its forecasts (one at a time, the floor is max itself).
 */
export function oracleFloor(table: CurveTable, seed: number, budgetSteps: number, parallel: number): Trace {
  const rng = createRng(seed, 0x0f1);
  const trace = new Trace(table);
  const best = [...table.losses.keys()].reduce((a, b) => (lossAtMax(table, b) < lossAtMax(table, a) ? b : a));
  // Each slot: [configuration, next step, when that step ends]; the earliest to end is taken next.
  const slots = Array.from({ length: parallel }, (_, i) => {
    const configuration = i === 0 ? best : Math.floor(rng.next() * table.losses.length);
    return { configuration, step: 1, ends: table.seconds[configuration]![0]! };
  });
  while (trace.steps < budgetSteps) {
    const slot = slots.reduce((a, b) => (b.ends < a.ends ? b : a));
    trace.step(slot.configuration, slot.step, table.losses[slot.configuration]![slot.step - 1]!, slot.ends * 1000);
    if (slot.configuration === best && slot.step === table.maxStep) break;
    if (slot.step === table.maxStep) {
      slot.configuration = Math.floor(rng.next() * table.losses.length);
      slot.step = 0;
    }
    slot.step += 1;
    slot.ends += table.seconds[slot.configuration]![slot.step - 1]!;
  }
  trace.finish(parallel);
  return trace;
}

function lossAtMax(table: CurveTable, configuration: number): number {
  const loss = table.losses[configuration]![table.maxStep - 1]!;
  return Number.isFinite(loss) ? loss : Infinity;
}
