import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventHub } from '../../main/api/event-hub';
import { Scheduler } from '../../main/scheduler/scheduler';
import { Store } from '../../main/store/store';
import { parseExperimentFile, type ExperimentFileInput, type PolicyName, type SearchAlgorithm } from '../../shared/experiment-file';
import { SimulatedLauncher, SIMULATED_METRIC } from './simulated-launcher';
import type { CurveTable } from './tables';
import { Trace } from './trace';
import { VirtualTime } from './virtual-time';

export interface SchedulerMethod {
  readonly searcher: SearchAlgorithm;
  readonly policy: PolicyName;
  readonly variant?: 'stopping' | 'promotion';
}

export interface RunSettings {
  readonly table: CurveTable;
  readonly method: SchedulerMethod;
  readonly seed: number;
  /** Stop once the trials together have trained this many steps (epochs). */
  readonly budgetSteps: number;
  /** Trials training at once. */
  readonly parallel: number;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One experiment through the real Scheduler (searcher, policy, store on a real SQLite file, its
 * freeze/thaw and settle paths) with simulated trials in virtual time: the queue of virtual events
 * is played in time order, and after each one the event loop runs until the scheduler has reacted
 * (its settle and launch paths are promise chains, done before the next macrotask).
 */
export async function runThroughScheduler(settings: RunSettings): Promise<Trace> {
  const { table, method, seed } = settings;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'tundra-bench-policies-'));
  const store = Store.open(path.join(folder, 'bench.db'));
  const hub = new EventHub(60_000);
  const time = new VirtualTime();
  const trace = new Trace(table);
  const scheduler = new Scheduler({
    store,
    hub,
    runsDir: path.join(folder, 'runs'),
    helperDir: folder,
    now: () => time.now,
    flushMs: 0,
    watchMs: 3_600_000,
    launcher: new SimulatedLauncher(table, time, { onStep: (configuration, step, loss) => trace.step(configuration, step, loss, time.now) }),
  });
  try {
    const file: ExperimentFileInput = {
      name: 'bench-policies',
      command: [process.execPath, 'simulated-trial'],
      workdir: folder,
      objective: { metric: SIMULATED_METRIC, mode: 'min' },
      space: table.space,
      search: { algorithm: method.searcher, seed },
      budget: { trials: 100_000, parallel: settings.parallel },
      resource: { metric: 'step', min: 1, max: table.maxStep },
      policy: { name: method.policy, ...(method.variant ? { variant: method.variant } : {}) },
    };
    const parsed = parseExperimentFile(JSON.stringify(file));
    if (!parsed.ok) throw new Error(`bench experiment: ${parsed.error.message}`);
    const id = store.experiments.create({ spec: { ...parsed.value, workdir: folder, search: { ...parsed.value.search, seed } }, sourceYaml: '' }, time.now);
    const started = scheduler.start(id);
    if (!started.ok) throw new Error(`bench experiment did not start: ${started.error.message}`);
    let stopping = false;
    for (;;) {
      await yieldToLoop();
      if (!stopping && trace.steps >= settings.budgetSteps) {
        stopping = true;
        scheduler.stopExperiment(id);
        continue;
      }
      const event = time.next();
      if (event === null) break;
      event.fire();
    }
    await scheduler.whenFinished(id);
    await scheduler.shutdown('stop');
    trace.finish(store.trials.listByExperiment(id).length);
    return trace;
  } finally {
    hub.close();
    store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
