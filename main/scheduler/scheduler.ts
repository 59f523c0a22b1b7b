import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Experiment, MetricPoint, Trial, TrialState } from '../../shared/domain';
import { LIVE_TRIAL_STATES, THAWABLE_TRIAL_STATES } from '../../shared/domain';
import type { ExperimentSpec } from '../../shared/experiment-file';
import { assertNever, fail, ok, type Result } from '../../shared/result';
import { configurationProblems, type ParamValues } from '../../shared/search-space';
import type { EventHub } from '../api/event-hub';
import { isSameProcessAlive, processStartTime } from '../runner/process-identity';
import { canPause } from '../runner/process-tree';
import { checkWorkdir, resolveProgram } from '../runner/resolve-command';
import { compileMetricPatterns, type MetricPatternMatcher } from '../runner/metric-patterns';
import type { TrialExit, TrialListener } from '../runner/trial-process';
import { processLauncher, type TrialHandle, type TrialLauncher } from '../runner/trial-launcher';
import { createSearcher } from '../searchers/registry';
import type { Searcher } from '../searchers/searcher';
import type { Store } from '../store/store';
import { budgetExceeded, trialsSpent } from './budget';
import type { Policy, PolicyContext, PolicyTrialView } from '../policies/policy';
import { createPolicy } from '../policies/registry';
import { PolicyViews } from './policy-views';
import { searcherHistory } from './searcher-history';
import { nextParams } from './next-params';
import { ObjectiveTracker } from './objective-tracker';
import { CpuSlots, cpuSlotsFactory, type SlotGrant, type SlotsFactory, type TrialSlots } from './slots';
import { logTail, prepareLaunch } from './trial-launch';
import { decideOutcome, hasCheckpoint, type StopIntent } from './trial-outcome';

export interface SchedulerOptions {
  readonly store: Store;
  readonly hub: EventHub;
  /** Root of the per-trial run folders. */
  readonly runsDir: string;
  readonly helperDir: string;
  /** Overrides the experiment's faults.stop_grace (tests). */
  readonly stopGraceMs?: number;
  /** How often buffered metric points are written (one transaction per flush). */
  readonly flushMs?: number;
  /** How often watchdogs and time budgets are checked. */
  readonly watchMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => number;
  /** GPU slots for an experiment; CPU-only when absent. */
  readonly slots?: SlotsFactory;
  /** Recognises CUDA running out of memory in a trial's last output. */
  readonly isCudaOutOfMemory?: (logTail: string) => boolean;
  /** Starts and adopts trials: real processes unless a simulator is given (bench/policies). */
  readonly launcher?: TrialLauncher;
}

interface ActiveTrial {
  readonly trial: Trial;
  /** Null until spawned, and for a trial that could not be launched. */
  process: TrialHandle | null;
  readonly tracker: ObjectiveTracker;
  intent: StopIntent;
  /** When it last reported (or started, or was resumed): the hang watchdog's clock. */
  lastReportAt: number;
  readonly launchedAt: number;
  paused: boolean;
  untilStep: number | null;
  /** Warnings stored for this launch; past MAX_WARNINGS_PER_TRIAL they are only counted. */
  warnings: number;
  /** Why the policy stopped it, for its message. */
  policyReason?: string;
}

interface ExperimentRun {
  readonly id: number;
  spec: ExperimentSpec;
  readonly searcher: Searcher;
  readonly slots: TrialSlots;
  /** Reads metrics from plain output lines (metrics.patterns), shared by the experiment's trials. */
  readonly patterns: MetricPatternMatcher;
  /** Early stopping and promotion (main/policies); 'none' never acts. */
  readonly policy: Policy;
  /** What the policy sees of each trial: its state and objective curve, kept current in memory. */
  readonly views: PolicyViews;
  readonly active: Map<number, ActiveTrial>;
  stopping: boolean;
  /** Paused or frozen by the user: nothing new is launched until resumed. */
  held: boolean;
  /** Nothing running because another experiment holds the GPUs: filled again when one frees. */
  waitingForGpu: boolean;
  /** Set when the experiment cannot go on for a reason other than its trials. */
  failure?: string;
  /** Set when a time or step budget ended it: it completes, with this as its message. */
  budgetReached?: string;
  readonly finished: Promise<Experiment>;
  resolveFinished(experiment: Experiment): void;
}

const DEFAULT_FLUSH_MS = 100;
/** Points per transaction: about 50 ms of inserts, so a flood never holds the event loop long. */
const FLUSH_CHUNK_POINTS = 20_000;
const DEFAULT_WATCH_MS = 1000;
/** A script printing garbage in a loop must not fill the events table: the first ones tell the story. */
const MAX_WARNINGS_PER_TRIAL = 100;

/**
 * The loop that joins searcher, runner and store: fill free slots with new or re-queued trials,
 * ingest their reports, settle their exits, watch for hangs and budgets, and carry out the user's
 * controls (pause, freeze, thaw, stop, retry, clone). Event-driven (process exits and reports, one
 * watch timer per running experiment), so an idle scheduler costs nothing.
 */
export class Scheduler {
  private readonly runs = new Map<number, ExperimentRun>();
  private pendingPoints: MetricPoint[] = [];
  private readonly dirtyTrials = new Map<number, ActiveTrial>();
  private flushTimer: NodeJS.Timeout | undefined;
  /** Flushes run one after another; awaiting this waits for every point handed over so far. */
  private flushChain: Promise<void> = Promise.resolve();
  private watchTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly owner: { pid: number; start: string | null };

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? Date.now;
    this.owner = { pid: process.pid, start: processStartTime(process.pid) };
  }

  private get store(): Store {
    return this.options.store;
  }

  /**
   * At start-up: experiments a Tundra that is gone was running (its owner process is dead). Their
   * trial processes that are still alive (same pid and start time) are re-adopted, and the output
   * they wrote meanwhile is read from where the last stored metrics left off; dead ones are marked
   * interrupted (thaw resumes them). The experiment carries on as it was: running, paused, or
   * stopping. Experiments another live Tundra runs are left alone.
   */
  recover(onlyExperimentId?: number): void {
    const now = this.now();
    for (const id of this.store.experiments.idsInState(['running', 'paused', 'stopping'])) {
      if (onlyExperimentId !== undefined && id !== onlyExperimentId) continue;
      if (this.runs.has(id)) continue;
      const owner = this.store.experiments.owner(id);
      if (owner && owner.pid !== this.owner.pid && isSameProcessAlive(owner.pid, owner.start)) continue;
      const experiment = this.store.experiments.get(id)!;
      const adopted: Trial[] = [];
      this.store.transaction(() => {
        for (const trial of this.store.trials.listInState(id, LIVE_TRIAL_STATES)) {
          const record = this.store.trials.processRecord(trial.id)!;
          if (record.pid !== null && isSameProcessAlive(record.pid, record.pidStart)) {
            adopted.push(trial);
            continue;
          }
          this.store.trials.transition(trial.id, LIVE_TRIAL_STATES, 'interrupted', {
            endedAt: now,
            message: 'interrupted: its process ended while Tundra was not running; thaw resumes it',
          });
        }
        this.store.events.append(id, null, 'experiment', `recovered after Tundra restarted: ${adopted.length} live trial(s) re-adopted`, now);
      });
      // Adopted trials keep running whatever the GPUs say now; new launches follow the settings.
      const slots = this.slotsFor(experiment.spec);
      const run = this.createRun(experiment, experiment.state === 'paused', slots.ok ? slots.value : new CpuSlots(slots.error.message));
      for (const trial of adopted) this.adopt(run, trial);
      if (experiment.state === 'stopping') {
        run.stopping = true;
        for (const active of run.active.values()) this.requestStop(active, 'user-stop');
        if (run.active.size === 0) this.finish(run);
      } else if (!run.held) {
        this.fillSlots(run);
      }
      this.publishExperiment(id);
    }
  }

  isRunning(experimentId: number): boolean {
    return this.runs.has(experimentId);
  }

  start(experimentId: number): Result<Experiment> {
    const experiment = this.store.experiments.get(experimentId);
    if (!experiment) return fail('not-found', `There is no experiment ${experimentId}.`);
    if (this.runs.has(experimentId) || !['draft', 'stopped', 'failed', 'completed'].includes(experiment.state)) {
      return fail('conflict', `Experiment "${experiment.name}" is ${experiment.state}; only a draft, stopped, failed or completed experiment can be started.`);
    }
    const problem = this.preflight(experiment.spec);
    if (problem) return fail('invalid-experiment', problem.message, [problem]);
    const slots = this.slotsFor(experiment.spec);
    if (!slots.ok) return slots;

    const now = this.now();
    const moved = this.store.experiments.transition(experimentId, ['draft', 'stopped', 'failed', 'completed'], 'running', {
      startedAt: experiment.startedAt ?? now,
      finishedAt: null,
      message: null,
    });
    if (!moved) return fail('conflict', `Experiment "${experiment.name}" changed state meanwhile; try again.`);
    this.store.events.append(experimentId, null, 'experiment', 'started', now);
    const run = this.createRun(this.store.experiments.get(experimentId)!, false, slots.value);
    this.fillSlots(run);
    return ok(this.publishExperiment(experimentId));
  }

  /** Resolves when the experiment is no longer running (completed, stopped or failed). */
  whenFinished(experimentId: number): Promise<Experiment> {
    const run = this.runs.get(experimentId);
    return run ? run.finished : Promise.resolve(this.requireExperiment(experimentId));
  }

  stopExperiment(experimentId: number): Result<Experiment> {
    const experiment = this.store.experiments.get(experimentId);
    if (!experiment) return fail('not-found', `There is no experiment ${experimentId}.`);
    const run = this.runs.get(experimentId);
    if (!run) {
      if (['running', 'paused', 'stopping'].includes(experiment.state)) {
        this.store.experiments.transition(experimentId, ['running', 'paused', 'stopping'], 'stopped', { finishedAt: this.now() });
        return ok(this.publishExperiment(experimentId));
      }
      return fail('conflict', `Experiment "${experiment.name}" is not running.`);
    }
    if (!run.stopping) {
      run.stopping = true;
      this.store.experiments.transition(experimentId, ['running', 'paused'], 'stopping');
      this.store.events.append(experimentId, null, 'experiment', 'stop requested', this.now());
      this.cancelQueued(run, 'stopped with its experiment');
      for (const active of run.active.values()) this.requestStop(active, 'user-stop');
      if (run.active.size === 0) this.finish(run);
    }
    return ok(this.publishExperiment(experimentId));
  }

  /** Pause every running trial in memory (SIGSTOP) and launch nothing new until resumed. */
  pauseExperiment(experimentId: number): Result<Experiment> {
    const run = this.liveRun(experimentId);
    if (!run.ok) return run;
    if (!canPause) return fail('unsupported', 'Pausing is not supported on Windows; freeze the experiment instead.');
    this.hold(run.value, 'paused all trials');
    for (const active of run.value.active.values()) this.pauseActive(run.value, active);
    return ok(this.publishExperiment(experimentId));
  }

  /** "Free my GPU now": freeze every running trial (checkpoint and exit) and launch nothing new. */
  freezeExperiment(experimentId: number): Result<Experiment> {
    const run = this.liveRun(experimentId);
    if (!run.ok) return run;
    this.hold(run.value, 'froze all trials');
    for (const active of run.value.active.values()) this.freezeActive(run.value, active);
    return ok(this.publishExperiment(experimentId));
  }

  /** Continues a paused or frozen experiment: paused trials go on, frozen ones are thawed as slots free up. */
  resumeExperiment(experimentId: number): Result<Experiment> {
    const experiment = this.store.experiments.get(experimentId);
    if (!experiment) return fail('not-found', `There is no experiment ${experimentId}.`);
    const run = this.runs.get(experimentId);
    if (!run) {
      for (const trial of this.thawableOnResume(experimentId)) this.queueThaw(trial, trial.untilStep);
      if (experiment.state === 'paused') this.store.experiments.transition(experimentId, ['paused'], 'stopped');
      return this.start(experimentId);
    }
    if (run.stopping) return fail('conflict', `Experiment "${experiment.name}" is stopping.`);
    const now = this.now();
    run.held = false;
    this.store.experiments.transition(experimentId, ['paused'], 'running');
    this.store.events.append(experimentId, null, 'experiment', 'resumed', now);
    for (const active of run.active.values()) this.resumeActive(active);
    for (const trial of this.thawableOnResume(experimentId)) this.queueThaw(trial, trial.untilStep);
    this.fillSlots(run);
    return ok(this.publishExperiment(experimentId));
  }

  /**
   * Frozen trials that resume thaws: those frozen before reaching their target step (the user's
   * freeze), each to that same target. One frozen at its target (a rung, under a promotion policy)
   * waits for the policy to promote it: thawing it wholesale would undo what the policy saved.
   */
  private thawableOnResume(experimentId: number): Trial[] {
    return this.store.trials
      .listInState(experimentId, ['frozen'])
      .filter((t) => t.untilStep === null || t.lastStep === null || t.lastStep < t.untilStep);
  }

  /** Edits the budget while it runs: more trials or parallelism start at once; less never kills. */
  updateBudget(experimentId: number, budget: Partial<ExperimentSpec['budget']>): Result<Experiment> {
    const experiment = this.store.experiments.get(experimentId);
    if (!experiment) return fail('not-found', `There is no experiment ${experimentId}.`);
    const spec: ExperimentSpec = { ...experiment.spec, budget: { ...experiment.spec.budget, ...budget } };
    this.store.experiments.updateSpec(experimentId, spec);
    this.store.events.append(experimentId, null, 'experiment', `budget changed: ${JSON.stringify(budget)}`, this.now());
    const run = this.runs.get(experimentId);
    if (run) {
      run.spec = spec;
      this.fillSlots(run);
    }
    return ok(this.publishExperiment(experimentId));
  }

  stopTrial(trialId: number): Result<Trial> {
    const trial = this.store.trials.get(trialId);
    if (!trial) return fail('not-found', `There is no trial ${trialId}.`);
    const active = this.runs.get(trial.experimentId)?.active.get(trialId);
    if (!active) {
      if (['queued', 'frozen'].includes(trial.state) && this.store.trials.transition(trialId, ['queued', 'frozen'], 'stopped', { endedAt: this.now(), message: 'stopped by user' })) {
        return ok(this.publishTrial(trialId));
      }
      return fail('conflict', `Trial ${trial.number} is ${trial.state}; only a queued, running, paused or frozen trial can be stopped.`);
    }
    this.requestStop(active, 'user-stop');
    return ok(this.store.trials.require(trialId));
  }

  pauseTrial(trialId: number): Result<Trial> {
    const found = this.activeTrial(trialId, 'paused');
    if (!found.ok) return found;
    if (!canPause) return fail('unsupported', 'Pausing is not supported on Windows; freeze the trial instead.');
    this.pauseActive(found.value.run, found.value.active);
    return ok(this.store.trials.require(trialId));
  }

  resumeTrial(trialId: number): Result<Trial> {
    const trial = this.store.trials.get(trialId);
    if (!trial) return fail('not-found', `There is no trial ${trialId}.`);
    if (trial.state === 'frozen' || trial.state === 'interrupted') return this.thawTrial(trialId, null);
    const found = this.activeTrial(trialId, 'resumed');
    if (!found.ok) return found;
    this.resumeActive(found.value.active);
    return ok(this.store.trials.require(trialId));
  }

  freezeTrial(trialId: number): Result<Trial> {
    const found = this.activeTrial(trialId, 'frozen');
    if (!found.ok) return found;
    this.freezeActive(found.value.run, found.value.active);
    return ok(this.store.trials.require(trialId));
  }

  /**
   * Relaunches a frozen, interrupted or stopped trial: same configuration, same run folder, with
   * TUNDRA_RESUME=1 when it left a checkpoint; its curve continues. Starts the experiment if it is
   * not running. `untilStep`: freeze it again once it reports that step.
   */
  thawTrial(trialId: number, untilStep: number | null): Result<Trial> {
    const trial = this.store.trials.get(trialId);
    if (!trial) return fail('not-found', `There is no trial ${trialId}.`);
    if (!THAWABLE_TRIAL_STATES.includes(trial.state)) {
      return fail('conflict', `Trial ${trial.number} is ${trial.state}; only a frozen, interrupted or stopped trial can be thawed.`);
    }
    if (untilStep !== null && trial.lastStep !== null && untilStep <= trial.lastStep) {
      return fail('invalid-arguments', `untilStep must be past the trial's last step (${trial.lastStep}).`);
    }
    this.queueThaw(trial, untilStep);
    return this.runQueued(trial.experimentId, trialId);
  }

  /** The same configuration again, as a new trial (the old one keeps its history). */
  retryTrial(trialId: number): Result<Trial> {
    const trial = this.store.trials.get(trialId);
    if (!trial) return fail('not-found', `There is no trial ${trialId}.`);
    if (!['failed', 'stopped', 'interrupted', 'completed'].includes(trial.state)) {
      return fail('conflict', `Trial ${trial.number} is ${trial.state}; retry a finished trial (or stop it first).`);
    }
    const created = this.store.trials.create(trial.experimentId, trial.params, (n) => this.trialDir(trial.experimentId, n), this.now(), trial.id);
    this.store.events.append(trial.experimentId, created.id, 'trial', `trial ${created.number} queued: a retry of trial ${trial.number}`, this.now());
    return this.runQueued(trial.experimentId, created.id);
  }

  /** A new trial with edited parameters, checked against the search space. */
  cloneTrial(trialId: number, params: ParamValues): Result<Trial> {
    const trial = this.store.trials.get(trialId);
    if (!trial) return fail('not-found', `There is no trial ${trialId}.`);
    const experiment = this.requireExperiment(trial.experimentId);
    const problem = paramsProblem(experiment.spec, params);
    if (problem) return fail('invalid-arguments', problem, [{ path: 'params', message: problem }]);
    const created = this.store.trials.create(trial.experimentId, params, (n) => this.trialDir(trial.experimentId, n), this.now());
    this.store.events.append(trial.experimentId, created.id, 'trial', `trial ${created.number} queued: a clone of trial ${trial.number} with edits`, this.now());
    return this.runQueued(trial.experimentId, created.id);
  }

  /**
   * What to do with running trials when Tundra itself goes away: stop them (default), freeze
   * them, or leave them running to be re-adopted by the next Tundra.
   */
  async shutdown(mode: ShutdownMode = 'stop'): Promise<void> {
    const runs = [...this.runs.values()];
    if (mode === 'leave') {
      await this.flush();
      for (const run of runs) {
        for (const active of run.active.values()) active.process?.detach();
        this.runs.delete(run.id);
      }
      clearInterval(this.watchTimer);
      this.watchTimer = undefined;
      return;
    }
    for (const run of runs) {
      if (mode === 'freeze') this.freezeExperiment(run.id);
      else this.stopExperiment(run.id);
    }
    if (mode === 'freeze') {
      await Promise.all(runs.flatMap((run) => [...run.active.values()].flatMap((a) => (a.process ? [a.process.exited] : []))));
      for (const run of runs) if (this.runs.has(run.id) && run.active.size === 0) this.finishHeld(run);
    } else {
      await Promise.all(runs.map((run) => run.finished));
    }
    clearInterval(this.watchTimer);
    this.watchTimer = undefined;
    await this.flush();
  }

  /**
   * What the policy of a running experiment sees now (its in-memory views), or null when it is not
   * running here: readers such as the forecasts API then load the same views from the store.
   */
  policyViewsOf(experimentId: number): readonly PolicyTrialView[] | null {
    return this.runs.get(experimentId)?.views.list() ?? null;
  }

  /** The live trial count across experiments (the app's quit dialog asks only when there are some). */
  liveTrialCount(): number {
    let count = 0;
    for (const run of this.runs.values()) count += run.active.size;
    return count;
  }

  // ---- the loop ---------------------------------------------------------------------------

  /** The experiment's slots, or why its GPU settings cannot work on this machine. */
  private slotsFor(spec: ExperimentSpec): Result<TrialSlots> {
    try {
      return ok((this.options.slots ?? cpuSlotsFactory)(spec));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return fail('invalid-experiment', message, [{ path: 'gpus', message }]);
    }
  }

  private createRun(experiment: Experiment, held: boolean, slots: TrialSlots): ExperimentRun {
    let resolveFinished!: (experiment: Experiment) => void;
    const finished = new Promise<Experiment>((resolve) => (resolveFinished = resolve));
    const run: ExperimentRun = {
      id: experiment.id,
      spec: experiment.spec,
      searcher: createSearcher(experiment.spec.search),
      slots,
      patterns: compileMetricPatterns(experiment.spec.metrics, experiment.spec.objective.metric),
      policy: createPolicy({ ...experiment.spec.policy, seed: experiment.spec.search.seed }),
      views: PolicyViews.load(this.store, experiment.id, experiment.spec.objective.metric),
      active: new Map(),
      stopping: false,
      held,
      waitingForGpu: false,
      finished,
      resolveFinished,
    };
    this.runs.set(experiment.id, run);
    this.store.experiments.transition(experiment.id, ['running', 'paused', 'stopping'], experiment.state, {
      ownerPid: this.owner.pid,
      ownerStart: this.owner.start,
    });
    this.ensureWatching();
    return run;
  }

  private preflight(spec: ExperimentSpec): { path: string; message: string } | null {
    const workdirProblem = checkWorkdir(spec.workdir);
    if (workdirProblem) return { path: 'workdir', message: workdirProblem };
    const env = { ...(this.options.env ?? process.env), ...spec.env };
    const resolved = resolveProgram(spec.command[0] ?? '', spec.workdir, env);
    return resolved.ok ? null : { path: 'command[0]', message: resolved.message };
  }

  private fillSlots(run: ExperimentRun): void {
    if (run.stopping || run.held || !this.runs.has(run.id)) return;
    const { spec } = run;
    // Read once per fill, kept current below as trials are created and launched: reading every
    // trial per launch made dispatch grow with the experiment's size (bench:scheduler).
    const trials = this.store.trials.listByExperiment(run.id);
    const exceeded = budgetExceeded(spec, trials, this.store.experiments.startedAt(run.id), this.now());
    if (exceeded) return this.endByBudget(run, exceeded);
    const launchedNow = new Set<number>();
    while (run.active.size < spec.budget.parallel) {
      // Re-queued trials first (thaws, retries, clones): the user asked for them.
      let trial = trials.find((t) => t.state === 'queued' && !run.active.has(t.id) && !launchedNow.has(t.id));
      if (!trial) {
        // A promotion policy (ASHA, Hyperband) may rather continue a frozen trial than start one.
        // With no new configuration to come, the policy finishes the rungs with what it has.
        const promotion = run.policy.nextThaw(this.policyContext(run, trialsSpent(trials) < spec.budget.trials));
        const promoted = promotion ? trials.find((t) => t.id === promotion.trialId && t.state === 'frozen') : undefined;
        if (promotion && promoted) {
          this.store.events.append(run.id, promoted.id, 'trial', `trial ${promoted.number} promoted by ${run.policy.name}: ${promotion.reason}`, this.now());
          this.queueThaw(promoted, promotion.untilStep);
          trial = this.store.trials.require(promoted.id);
          trials[trials.indexOf(promoted)] = trial;
        }
      }
      if (!trial) {
        if (trialsSpent(trials) >= spec.budget.trials) break;
        const { history } = searcherHistory(trials, run.views.curves(), spec.resource ?? null);
        const nextNumber = (trials.at(-1)?.number ?? 0) + 1;
        let params;
        try {
          params = nextParams(run.searcher, spec, history, nextNumber);
        } catch (error) {
          // A searcher that cannot go on (a grid too large to enumerate) ends the experiment, saying why.
          run.failure = `the ${run.searcher.name} searcher failed: ${error instanceof Error ? error.message : String(error)}`;
          break;
        }
        if (params === null) break;
        trial = this.store.trials.create(run.id, params, (number) => this.trialDir(run.id, number), this.now());
        // Where a promotion policy first pauses it (its first rung); null runs it to the end.
        const firstStop = run.policy.firstStop(this.policyContext(run), trial.number);
        if (firstStop !== null) {
          this.store.trials.transition(trial.id, ['queued'], 'queued', { untilStep: firstStop });
          trial = this.store.trials.require(trial.id);
        }
        trials.push(trial);
      }
      launchedNow.add(trial.id);
      const grant = run.slots.acquire(trial.id);
      if (!grant) {
        // Every GPU slot is taken: the next exit frees one. With nothing running here, that exit
        // must come from another experiment; if none holds a GPU, none ever will.
        if (run.active.size === 0) {
          if (run.slots.busyElsewhere()) {
            if (!run.waitingForGpu) this.store.events.append(run.id, null, 'experiment', 'waiting: another experiment holds the GPUs', this.now());
            run.waitingForGpu = true;
            return;
          }
          run.failure = `no GPU can take a trial now (${run.slots.describe()}); free GPU memory or lower gpus.memory_per_trial`;
        }
        break;
      }
      run.waitingForGpu = false;
      this.launch(run, trial, grant);
    }
    if (run.active.size === 0) this.finish(run);
  }

  private trialDir(experimentId: number, trialNumber: number): string {
    return path.join(this.options.runsDir, `experiment-${experimentId}`, `trial-${String(trialNumber).padStart(4, '0')}`);
  }

  private stopGraceMs(run: ExperimentRun): number {
    return this.options.stopGraceMs ?? run.spec.faults.stop_grace * 1000;
  }

  private launch(run: ExperimentRun, trial: Trial, grant: SlotGrant): void {
    const tracker = new ObjectiveTracker(trial.id, run.spec.objective.metric);
    // A thawed trial's curve continues: its result and last step carry over until it reports again.
    if (trial.thaws > 0) tracker.restore(trial.value, trial.lastStep);
    mkdirSync(trial.checkpointDir, { recursive: true });
    const resuming = trial.thaws > 0 && hasCheckpoint(trial.checkpointDir);
    const prepared = prepareLaunch(run.spec, trial, {
      helperDir: this.options.helperDir,
      baseEnv: this.options.env ?? process.env,
      stopGraceMs: this.stopGraceMs(run),
      resuming,
      slotEnv: grant.env,
    });
    const now = this.now();
    const active: ActiveTrial = { trial, process: null, tracker, intent: 'none', lastReportAt: now, launchedAt: now, paused: false, untilStep: trial.untilStep, warnings: 0 };
    if (!prepared.ok) {
      run.slots.release(trial.id);
      // Nothing ran, so nothing to flush: settled at once, before fillSlots looks for queued trials.
      this.settleNow(run, active, { code: null, signal: null, launchError: prepared.message });
      return;
    }
    if (trial.thaws > 0) {
      this.store.events.append(run.id, trial.id, 'trial', resuming ? `trial ${trial.number} thawed from its checkpoint` : `trial ${trial.number} thawed without a checkpoint: restarting from step 0`, now);
    }
    const child = (this.options.launcher ?? processLauncher).launch(prepared.options, this.listenerFor(run, active));
    active.process = child;
    run.active.set(trial.id, active);
    this.store.trials.transition(trial.id, ['queued'], 'running', {
      pid: child.pid ?? null,
      pidStart: child.startTime,
      startedAt: now,
      endedAt: null,
      gpus: grant.label,
      message: null,
    });
    this.publishTrial(trial.id);
    void child.exited.then((exit) => this.settle(run, active, exit));
  }

  private adopt(run: ExperimentRun, trial: Trial): void {
    const record = this.store.trials.processRecord(trial.id)!;
    const tracker = new ObjectiveTracker(trial.id, run.spec.objective.metric);
    tracker.restore(trial.value, trial.lastStep);
    const now = this.now();
    const active: ActiveTrial = { trial, process: null, tracker, intent: 'none', lastReportAt: now, launchedAt: trial.startedAt ?? now, paused: trial.state === 'paused', untilStep: trial.untilStep, warnings: 0 };
    const child = (this.options.launcher ?? processLauncher).adopt(
      { pid: record.pid!, startTime: record.pidStart!, dir: trial.dir, stdoutOffset: record.stdoutOffset, stopGraceMs: this.stopGraceMs(run), paused: active.paused },
      this.listenerFor(run, active),
    );
    active.process = child;
    run.active.set(trial.id, active);
    run.slots.adopt(trial.id, trial.gpus);
    this.store.events.append(run.id, trial.id, 'trial', `trial ${trial.number} re-adopted (pid ${record.pid})`, now);
    void child.exited.then((exit) => this.settle(run, active, exit));
  }

  private listenerFor(run: ExperimentRun, active: ActiveTrial): TrialListener {
    return {
      onReport: (report) => {
        const points = active.tracker.apply(report, this.now());
        for (const point of points) this.pendingPoints.push(point);
        active.lastReportAt = this.now();
        this.dirtyTrials.set(active.trial.id, active);
        this.scheduleFlush();
        const step = active.tracker.lastStep;
        const objective = report.metrics[run.spec.objective.metric];
        if (objective !== undefined && report.step !== null && !report.final) {
          run.views.record(active.trial.id, report.step, objective);
          if (active.intent === 'none') this.applyPolicy(run, active, report.step);
        }
        if (active.untilStep !== null && step !== null && step >= active.untilStep && active.intent === 'none') {
          this.store.events.append(run.id, active.trial.id, 'trial', `trial ${active.trial.number} reached step ${step} (thaw --until-step): freezing`, this.now());
          this.freezeActive(run, active);
        }
      },
      onWarning: (message) => {
        active.warnings += 1;
        if (active.warnings <= MAX_WARNINGS_PER_TRIAL) this.store.events.append(run.id, active.trial.id, 'warning', message, this.now());
        else if (active.warnings === MAX_WARNINGS_PER_TRIAL + 1) {
          this.store.events.append(run.id, active.trial.id, 'warning', `more than ${MAX_WARNINGS_PER_TRIAL} warnings: further ones are counted, not stored`, this.now());
        }
      },
      onLogLine: run.patterns.active ? (text) => run.patterns.match(text) : undefined,
    };
  }

  private requestStop(active: ActiveTrial, intent: StopIntent): void {
    if (active.intent === 'none' || intent === 'user-stop') active.intent = intent;
    void active.process?.stop();
  }

  private pauseActive(run: ExperimentRun, active: ActiveTrial): void {
    if (active.paused || !active.process || active.intent !== 'none') return;
    active.process.pause();
    active.paused = true;
    this.store.trials.transition(active.trial.id, ['running'], 'paused');
    this.store.events.append(run.id, active.trial.id, 'trial', `trial ${active.trial.number} paused (its GPU memory stays held)`, this.now());
    this.publishTrial(active.trial.id);
    this.publishExperiment(run.id);
  }

  private resumeActive(active: ActiveTrial): void {
    if (!active.paused || !active.process) return;
    active.process.resume();
    active.paused = false;
    active.lastReportAt = this.now();
    this.store.trials.transition(active.trial.id, ['paused'], 'running');
    this.store.events.append(active.trial.experimentId, active.trial.id, 'trial', `trial ${active.trial.number} resumed`, this.now());
    this.publishTrial(active.trial.id);
    this.publishExperiment(active.trial.experimentId);
  }

  private freezeActive(run: ExperimentRun, active: ActiveTrial): void {
    if (active.intent !== 'none' || !active.process) return;
    active.intent = 'freeze';
    if (active.paused) this.resumeActive(active);
    this.store.events.append(run.id, active.trial.id, 'trial', `trial ${active.trial.number} freezing: asked to checkpoint and exit`, this.now());
    void active.process.freeze(run.spec.faults.freeze_grace * 1000);
  }

  private hold(run: ExperimentRun, what: string): void {
    run.held = true;
    this.store.experiments.transition(run.id, ['running'], 'paused');
    this.store.events.append(run.id, null, 'experiment', what, this.now());
  }

  private cancelQueued(run: ExperimentRun, why: string): void {
    for (const trial of this.store.trials.listInState(run.id, ['queued'])) {
      if (run.active.has(trial.id)) continue;
      this.store.trials.transition(trial.id, ['queued'], 'stopped', { endedAt: this.now(), message: why });
      this.publishTrial(trial.id);
    }
  }

  private queueThaw(trial: Trial, untilStep: number | null): void {
    this.store.trials.transition(trial.id, THAWABLE_TRIAL_STATES, 'queued', { thaws: trial.thaws + 1, untilStep, message: null });
    this.publishTrial(trial.id);
  }

  /** After a trial was queued by hand: launch it now if its experiment runs, else start the experiment. */
  private runQueued(experimentId: number, trialId: number): Result<Trial> {
    const run = this.runs.get(experimentId);
    if (run) {
      if (run.held) {
        run.held = false;
        this.store.experiments.transition(experimentId, ['paused'], 'running');
      }
      this.fillSlots(run);
    } else {
      const started = this.start(experimentId);
      if (!started.ok) return started;
    }
    this.publishExperiment(experimentId);
    return ok(this.store.trials.require(trialId));
  }

  private liveRun(experimentId: number): Result<ExperimentRun> {
    const experiment = this.store.experiments.get(experimentId);
    if (!experiment) return fail('not-found', `There is no experiment ${experimentId}.`);
    const run = this.runs.get(experimentId);
    if (!run || run.stopping) return fail('conflict', `Experiment "${experiment.name}" is ${experiment.state}, not running.`);
    return ok(run);
  }

  private activeTrial(trialId: number, verb: string): Result<{ run: ExperimentRun; active: ActiveTrial }> {
    const trial = this.store.trials.get(trialId);
    if (!trial) return fail('not-found', `There is no trial ${trialId}.`);
    const run = this.runs.get(trial.experimentId);
    const active = run?.active.get(trialId);
    if (!run || !active || !active.process) return fail('conflict', `Trial ${trial.number} is ${trial.state}; only a running trial can be ${verb}.`);
    return ok({ run, active });
  }

  /** A trial's process is gone: record why, free its slot, and move on. */
  private async settle(run: ExperimentRun, active: ActiveTrial, exit: TrialExit): Promise<void> {
    // Its points are stored before its end is: whoever sees it finished sees its whole curve.
    await this.flush();
    this.settleNow(run, active, exit);
  }

  private settleNow(run: ExperimentRun, active: ActiveTrial, exit: TrialExit): void {
    const { trial, tracker } = active;
    const tail = logTail(trial.dir);
    const crashRetriesUsed = this.retryDepth(trial);
    let outcome = decideOutcome({
      spec: run.spec,
      exit,
      intent: active.intent,
      value: tracker.value,
      lastStep: tracker.lastStep,
      divergedAtStep: tracker.divergedAtStep,
      checkpointDir: trial.checkpointDir,
      logTail: tail,
      cudaOutOfMemory: exit.code !== 0 && (this.options.isCudaOutOfMemory?.(tail) ?? false),
      crashRetriesUsed,
      ...(active.policyReason ? { policyReason: active.policyReason } : {}),
    });
    const now = this.now();
    if (active.warnings > MAX_WARNINGS_PER_TRIAL) {
      this.store.events.append(run.id, trial.id, 'warning', `${active.warnings} warnings in all (${active.warnings - MAX_WARNINGS_PER_TRIAL} not stored)`, now);
    }
    let requeued: Trial | null = null;
    if (outcome.requeue === 'oom' && !run.slots.reducePacking(trial.id)) {
      // One trial per GPU already: packing was not the cause, so re-queueing would loop forever.
      outcome = { state: 'failed', message: `${outcome.message?.replace(': re-queued with fewer trials per GPU', '')}: even alone on its GPU(s), this configuration does not fit`, requeue: null, stoppedEarly: false };
    }
    run.slots.release(trial.id);
    // Its GPUs may be what another experiment is waiting for.
    for (const other of this.runs.values()) if (other !== run && other.waitingForGpu) setImmediate(() => this.fillSlots(other));
    this.store.transaction(() => {
      this.store.trials.transition(trial.id, ['queued', 'running', 'paused'], outcome.state, {
        exitCode: exit.code,
        message: outcome.message,
        endedAt: now,
        value: tracker.value,
        lastStep: tracker.lastStep,
        stdoutOffset: active.process?.stdoutOffset ?? 0,
        stoppedEarly: outcome.stoppedEarly ? 1 : 0,
      });
      this.store.events.append(run.id, trial.id, 'trial', `trial ${trial.number} ${outcome.state}${outcome.message ? `: ${outcome.message.split('\n')[0]}` : ''}`, now);
      if (outcome.requeue && !run.stopping) {
        requeued = this.store.trials.create(run.id, trial.params, (n) => this.trialDir(run.id, n), now, trial.id);
        this.store.events.append(run.id, requeued.id, 'trial', `trial ${requeued.number} queued: re-runs trial ${trial.number}`, now);
      }
    });
    run.active.delete(trial.id);
    this.publishTrial(trial.id);
    if (requeued) this.publishTrial((requeued as Trial).id);
    this.publishExperiment(run.id);
    if (run.stopping) {
      if (run.active.size === 0) this.finish(run);
    } else if (run.held) {
      this.publishExperiment(run.id);
    } else {
      this.fillSlots(run);
    }
  }

  /** How many crashed attempts precede this trial in its retry lineage. */
  private retryDepth(trial: Trial): number {
    let depth = 0;
    let current: Trial | undefined = trial;
    while (current?.retryOf != null && depth < 100) {
      current = this.store.trials.get(current.retryOf);
      if (!current || current.state !== 'failed') break;
      depth += 1;
    }
    return depth;
  }

  private endByBudget(run: ExperimentRun, reason: string): void {
    if (run.stopping) return;
    run.stopping = true;
    run.budgetReached = reason;
    this.store.experiments.transition(run.id, ['running', 'paused'], 'stopping');
    this.store.events.append(run.id, null, 'experiment', `${reason}: stopping`, this.now());
    this.cancelQueued(run, `not run: the experiment ${reason}`);
    for (const active of run.active.values()) this.requestStop(active, 'budget');
    if (run.active.size === 0) this.finish(run);
  }

  /** Watchdogs: hung trials, per-trial timeouts and the time budgets, once a second. */
  private ensureWatching(): void {
    if (this.watchTimer !== undefined) return;
    this.watchTimer = setInterval(() => this.watch(), this.options.watchMs ?? DEFAULT_WATCH_MS);
    this.watchTimer.unref();
  }

  private watch(): void {
    const now = this.now();
    for (const run of this.runs.values()) {
      if (run.stopping) continue;
      const { report_timeout: reportTimeout } = run.spec.faults;
      const { trial_timeout: trialTimeout } = run.spec.budget;
      for (const active of run.active.values()) {
        if (active.intent !== 'none' || active.paused || !active.process) continue;
        if (trialTimeout !== undefined && now - active.launchedAt >= trialTimeout * 1000) this.requestStop(active, 'timeout');
        else if (reportTimeout !== undefined && now - active.lastReportAt >= reportTimeout * 1000) this.requestStop(active, 'hung');
      }
      const exceeded = budgetExceeded(run.spec, this.store.trials.listByExperiment(run.id), this.requireExperiment(run.id).startedAt, now);
      if (exceeded) this.endByBudget(run, exceeded);
    }
    if (this.runs.size === 0) {
      clearInterval(this.watchTimer);
      this.watchTimer = undefined;
    }
  }

  private finish(run: ExperimentRun): void {
    if (!this.runs.has(run.id)) return;
    if (this.store.trials.listInState(run.id, ['queued']).some((t) => !run.active.has(t.id)) && !run.stopping && !run.failure) return;
    this.runs.delete(run.id);
    if (run.failure) this.cancelQueued(run, `not run: ${run.failure}`);
    const counts = this.requireExperiment(run.id).counts;
    const now = this.now();
    let message: string | null = null;
    let state: 'completed' | 'stopped' | 'failed' = run.stopping ? 'stopped' : 'completed';
    if (run.budgetReached) {
      state = 'completed';
      message = run.budgetReached;
    } else if (run.failure && !run.stopping) {
      state = 'failed';
      message = run.failure;
    } else if (!run.stopping && counts.completed === 0 && counts.failed > 0) {
      state = 'failed';
      const firstFailure = this.store.trials.listInState(run.id, ['failed'])[0];
      message = `every trial failed; the first: ${firstFailure?.message ?? 'no message'}`;
    } else if (run.stopping) {
      message = 'stopped by user';
    }
    if (state === 'completed' && counts.frozen > 0) {
      message = `${message ? `${message}; ` : ''}${counts.frozen} trial(s) still frozen: thaw them to train further`;
    }
    this.store.experiments.transition(run.id, ['running', 'paused', 'stopping'], state, { finishedAt: now, message, ownerPid: null, ownerStart: null });
    this.store.events.append(run.id, null, 'experiment', state, now);
    run.resolveFinished(this.publishExperiment(run.id));
  }

  /** Tundra is going away with this experiment frozen: it stays paused, resumable later. */
  private finishHeld(run: ExperimentRun): void {
    this.runs.delete(run.id);
    this.store.experiments.transition(run.id, ['paused', 'running'], 'paused', { ownerPid: null, ownerStart: null });
    run.resolveFinished(this.publishExperiment(run.id));
  }

  private scheduleFlush(): void {
    if (this.flushTimer === undefined) {
      this.flushTimer = setTimeout(() => void this.flush(), this.options.flushMs ?? DEFAULT_FLUSH_MS);
    }
  }

  /**
   * Writes buffered points, trial progress and how far each stdout.log was read in one
   * transaction, then tells the clients. Storing the offset with the points is what makes
   * re-adoption after a crash lose nothing and duplicate nothing.
   */
  private flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pendingPoints.length === 0 && this.dirtyTrials.size === 0) return this.flushChain;
    const points = this.pendingPoints;
    // Progress and offsets as of now: lines parsed while this batch is written belong to the next.
    const progress = [...this.dirtyTrials.values()].map(({ trial, tracker, process }) => ({
      id: trial.id,
      value: tracker.value,
      lastStep: tracker.lastStep,
      offset: process?.stdoutOffset ?? 0,
    }));
    this.pendingPoints = [];
    this.dirtyTrials.clear();
    // Big batches (a flood, or a log read to its end at exit) go in chunks with a yield between
    // them, so the API stays responsive; the offsets are stored with the last chunk, so a crash
    // part-way re-reads the lines whose points were not all written (upserts make that harmless).
    this.flushChain = this.flushChain.then(async () => {
      for (let start = 0; start < points.length || start === 0; start += FLUSH_CHUNK_POINTS) {
        const chunk = points.slice(start, start + FLUSH_CHUNK_POINTS);
        const last = start + FLUSH_CHUNK_POINTS >= points.length;
        this.store.transaction(() => {
          this.store.metrics.append(chunk);
          if (last) for (const p of progress) this.store.trials.updateProgress(p.id, p.value, p.lastStep, p.offset);
        });
        if (chunk.length > 0) this.options.hub.metricsAppended(chunk);
        if (last) break;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      for (const p of progress) this.publishTrial(p.id);
    });
    return this.flushChain;
  }

  private publishTrial(trialId: number): Trial {
    const trial = this.store.trials.require(trialId);
    this.runs.get(trial.experimentId)?.views.update(trial);
    this.options.hub.trialUpdated(trial);
    return trial;
  }

  private policyContext(run: ExperimentRun, canStartNew = true): PolicyContext {
    return {
      objective: run.spec.objective.mode,
      resource: run.spec.resource ?? { min: 1, max: Number.MAX_SAFE_INTEGER },
      trials: run.views.list(),
      canStartNew,
    };
  }

  /** After an objective report: the resource's end, then the policy's word (stop, freeze, go on). */
  private applyPolicy(run: ExperimentRun, active: ActiveTrial, step: number): void {
    const resource = run.spec.resource;
    if (resource && step >= resource.max) {
      this.requestStop(active, 'resource-max');
      return;
    }
    if (run.policy.name === 'none') return;
    const decision = run.policy.onReport(this.policyContext(run), active.trial.id);
    switch (decision.kind) {
      case 'continue':
        return;
      case 'stop':
        active.policyReason = decision.reason;
        this.store.events.append(run.id, active.trial.id, 'trial', `trial ${active.trial.number} stopped early by ${run.policy.name} at step ${step}: ${decision.reason}`, this.now());
        this.requestStop(active, 'policy-stop');
        return;
      case 'freeze':
        this.store.events.append(run.id, active.trial.id, 'trial', `trial ${active.trial.number} frozen by ${run.policy.name} at step ${step}: ${decision.reason}`, this.now());
        this.freezeActive(run, active);
        return;
      default:
        assertNever(decision);
    }
  }

  private publishExperiment(experimentId: number): Experiment {
    const experiment = this.requireExperiment(experimentId);
    this.options.hub.experimentUpdated(experiment);
    return experiment;
  }

  private requireExperiment(experimentId: number): Experiment {
    const experiment = this.store.experiments.get(experimentId);
    if (!experiment) throw new Error(`experiment ${experimentId} does not exist`);
    return experiment;
  }
}

/** Why these parameters cannot be a trial of this experiment, or null (clone with edits): the first problem. */
function paramsProblem(spec: ExperimentSpec, params: ParamValues): string | null {
  const first = configurationProblems(spec.space, params)[0];
  return first === undefined ? null : `params.${first.name}: ${first.message}`;
}

export type { TrialState };

/** What happens to running trials when Tundra goes away (the app's quit dialog, --on-exit). */
export const SHUTDOWN_MODES = ['stop', 'freeze', 'leave'] as const;
export type ShutdownMode = (typeof SHUTDOWN_MODES)[number];
