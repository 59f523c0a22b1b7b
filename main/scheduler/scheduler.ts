import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Experiment, MetricPoint, Trial, TrialState } from '../../shared/domain';
import type { ExperimentSpec } from '../../shared/experiment-file';
import { fail, ok, type Result } from '../../shared/result';
import type { EventHub } from '../api/event-hub';
import { checkWorkdir, resolveProgram } from '../runner/resolve-command';
import { TrialProcess, type TrialExit } from '../runner/trial-process';
import { createSearcher } from '../searchers/registry';
import type { Searcher, TrialView } from '../searchers/searcher';
import type { Store } from '../store/store';
import { ObjectiveTracker } from './objective-tracker';
import { nextParams } from './next-params';
import { logTail, prepareLaunch } from './trial-launch';

export interface SchedulerOptions {
  readonly store: Store;
  readonly hub: EventHub;
  /** Root of the per-trial run folders. */
  readonly runsDir: string;
  readonly helperDir: string;
  readonly stopGraceMs?: number;
  /** How often buffered metric points are written (one transaction per flush). */
  readonly flushMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => number;
}

interface ActiveTrial {
  readonly trial: Trial;
  /** Null until spawned, and for a trial that could not be launched. */
  process: TrialProcess | null;
  readonly tracker: ObjectiveTracker;
  stopRequested: boolean;
}

interface ExperimentRun {
  readonly id: number;
  readonly spec: ExperimentSpec;
  readonly searcher: Searcher;
  readonly active: Map<number, ActiveTrial>;
  stopping: boolean;
  /** Set when the experiment cannot go on for a reason other than its trials. */
  failure?: string;
  readonly finished: Promise<Experiment>;
  resolveFinished(experiment: Experiment): void;
}

/** Trials in these states count against `budget.trials`. */
const BUDGETED: readonly TrialState[] = ['queued', 'running', 'completed', 'failed', 'stopped'];
const DEFAULT_FLUSH_MS = 100;

/**
 * The loop that joins searcher, runner and store: fill free slots with new trials, ingest their
 * reports, settle their exits, finish the experiment when the budget is spent. Event-driven
 * (process exits and reports), so an idle scheduler costs nothing.
 */
export class Scheduler {
  private readonly runs = new Map<number, ExperimentRun>();
  private pendingPoints: MetricPoint[] = [];
  private readonly dirtyTrials = new Map<number, ActiveTrial>();
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? Date.now;
  }

  private get store(): Store {
    return this.options.store;
  }

  /**
   * At start-up: whatever the database says was running belongs to a Tundra that is gone. Its
   * trials are marked interrupted (they do not count against the budget) and its experiments
   * stopped, so that "Start" continues them.
   */
  recover(): void {
    const now = this.now();
    for (const id of this.store.experiments.idsInState(['running', 'stopping'])) {
      this.store.transaction(() => {
        for (const trial of this.store.trials.listInState(id, ['queued', 'running'])) {
          this.store.trials.transition(trial.id, ['queued', 'running'], 'interrupted', {
            endedAt: now,
            message: 'interrupted: Tundra closed while this trial ran; it does not count against the budget',
          });
        }
        this.store.experiments.transition(id, ['running', 'stopping'], 'stopped', {
          message: 'Tundra closed while this experiment ran; start it again to continue where it left off',
        });
        this.store.events.append(id, null, 'experiment', 'recovered after Tundra closed while it ran', now);
      });
    }
  }

  isRunning(experimentId: number): boolean {
    return this.runs.has(experimentId);
  }

  start(experimentId: number): Result<Experiment> {
    const experiment = this.store.experiments.get(experimentId);
    if (!experiment) return fail('not-found', `There is no experiment ${experimentId}.`);
    if (this.runs.has(experimentId) || !['draft', 'stopped', 'failed'].includes(experiment.state)) {
      return fail('conflict', `Experiment "${experiment.name}" is ${experiment.state}; only a draft, stopped or failed experiment can be started.`);
    }
    const problem = this.preflight(experiment.spec);
    if (problem) return fail('invalid-experiment', problem.message, [problem]);

    const now = this.now();
    const moved = this.store.experiments.transition(experimentId, ['draft', 'stopped', 'failed'], 'running', {
      startedAt: experiment.startedAt ?? now,
      finishedAt: null,
      message: null,
    });
    if (!moved) return fail('conflict', `Experiment "${experiment.name}" changed state meanwhile; try again.`);
    this.store.events.append(experimentId, null, 'experiment', 'started', now);

    let resolveFinished!: (experiment: Experiment) => void;
    const finished = new Promise<Experiment>((resolve) => (resolveFinished = resolve));
    const run: ExperimentRun = {
      id: experimentId,
      spec: experiment.spec,
      searcher: createSearcher(experiment.spec.search),
      active: new Map(),
      stopping: false,
      finished,
      resolveFinished,
    };
    this.runs.set(experimentId, run);
    this.fillSlots(run);
    const current = this.requireExperiment(experimentId);
    this.options.hub.experimentUpdated(current);
    return ok(current);
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
      if (experiment.state === 'running' || experiment.state === 'stopping') {
        this.store.experiments.transition(experimentId, ['running', 'stopping'], 'stopped', { finishedAt: this.now() });
        return ok(this.publishExperiment(experimentId));
      }
      return fail('conflict', `Experiment "${experiment.name}" is not running.`);
    }
    if (!run.stopping) {
      run.stopping = true;
      this.store.experiments.transition(experimentId, ['running'], 'stopping');
      this.store.events.append(experimentId, null, 'experiment', 'stop requested', this.now());
      for (const active of run.active.values()) this.requestStop(active);
      if (run.active.size === 0) this.finish(run);
    }
    return ok(this.publishExperiment(experimentId));
  }

  stopTrial(trialId: number): Result<Trial> {
    const trial = this.store.trials.get(trialId);
    if (!trial) return fail('not-found', `There is no trial ${trialId}.`);
    const active = this.runs.get(trial.experimentId)?.active.get(trialId);
    if (!active) {
      if (trial.state === 'queued' && this.store.trials.transition(trialId, ['queued'], 'stopped', { endedAt: this.now(), message: 'stopped by user' })) {
        return ok(this.publishTrial(trialId));
      }
      return fail('conflict', `Trial ${trial.number} is ${trial.state}; only a queued or running trial can be stopped.`);
    }
    this.requestStop(active);
    return ok(this.store.trials.require(trialId));
  }

  /** Stops every running trial and waits for them to exit (app quit, `serve` interrupted). */
  async shutdown(): Promise<void> {
    const runs = [...this.runs.values()];
    for (const run of runs) this.stopExperiment(run.id);
    await Promise.all(runs.map((run) => run.finished));
    this.flush();
  }

  private preflight(spec: ExperimentSpec): { path: string; message: string } | null {
    const workdirProblem = checkWorkdir(spec.workdir);
    if (workdirProblem) return { path: 'workdir', message: workdirProblem };
    const env = { ...(this.options.env ?? process.env), ...spec.env };
    const resolved = resolveProgram(spec.command[0] ?? '', spec.workdir, env);
    return resolved.ok ? null : { path: 'command[0]', message: resolved.message };
  }

  private fillSlots(run: ExperimentRun): void {
    if (run.stopping) return;
    const { spec } = run;
    while (run.active.size < spec.budget.parallel) {
      const trials = this.store.trials.listByExperiment(run.id);
      const spent = trials.filter((trial) => BUDGETED.includes(trial.state)).length;
      if (spent >= spec.budget.trials) break;
      const history: TrialView[] = trials.map(({ number, params, state, value }) => ({ number, params, state, value }));
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
      const trial = this.store.trials.create(run.id, params, (number) => this.trialDir(run.id, number), this.now());
      this.launch(run, trial);
    }
    if (run.active.size === 0) this.finish(run);
  }

  private trialDir(experimentId: number, trialNumber: number): string {
    return path.join(this.options.runsDir, `experiment-${experimentId}`, `trial-${String(trialNumber).padStart(4, '0')}`);
  }

  private launch(run: ExperimentRun, trial: Trial): void {
    const tracker = new ObjectiveTracker(trial.id, run.spec.objective.metric);
    mkdirSync(trial.dir, { recursive: true });
    const prepared = prepareLaunch(run.spec, trial, {
      helperDir: this.options.helperDir,
      baseEnv: this.options.env ?? process.env,
      ...(this.options.stopGraceMs === undefined ? {} : { stopGraceMs: this.options.stopGraceMs }),
    });
    if (!prepared.ok) {
      this.settle(run, { trial, process: null, tracker, stopRequested: false }, { code: null, signal: null, launchError: prepared.message });
      return;
    }
    const active: ActiveTrial = { trial, process: null, tracker, stopRequested: false };
    const child = TrialProcess.launch(prepared.options, {
      onReport: (report) => {
        const points = tracker.apply(report, this.now());
        for (const point of points) this.pendingPoints.push(point);
        this.dirtyTrials.set(trial.id, active);
        this.scheduleFlush();
      },
      onWarning: (message) => this.store.events.append(run.id, trial.id, 'warning', message, this.now()),
    });
    active.process = child;
    run.active.set(trial.id, active);
    this.store.trials.transition(trial.id, ['queued'], 'running', { pid: child.pid ?? null, startedAt: this.now() });
    this.publishTrial(trial.id);
    void child.exited.then((exit) => this.settle(run, active, exit));
  }

  private requestStop(active: ActiveTrial): void {
    active.stopRequested = true;
    void active.process?.stop();
  }

  /** A trial's process is gone: record why, free its slot, and move on. */
  private settle(run: ExperimentRun, active: ActiveTrial, exit: TrialExit): void {
    this.flush();
    const { trial, tracker } = active;
    const { state, message } = this.outcome(run.spec, active, exit);
    const now = this.now();
    this.store.transaction(() => {
      this.store.trials.transition(trial.id, ['queued', 'running'], state, {
        exitCode: exit.code,
        message,
        endedAt: now,
        value: tracker.value,
        lastStep: tracker.lastStep,
      });
      this.store.events.append(run.id, trial.id, 'trial', `trial ${trial.number} ${state}${message ? `: ${message}` : ''}`, now);
    });
    run.active.delete(trial.id);
    this.publishTrial(trial.id);
    this.publishExperiment(run.id);
    if (run.stopping) {
      if (run.active.size === 0) this.finish(run);
    } else {
      this.fillSlots(run);
    }
  }

  private outcome(spec: ExperimentSpec, active: ActiveTrial, exit: TrialExit): { state: TrialState; message: string | null } {
    if (exit.launchError) return { state: 'failed', message: exit.launchError };
    if (active.stopRequested) return { state: 'stopped', message: 'stopped by user' };
    const tail = logTail(active.trial.dir);
    const withTail = (text: string) => (tail ? `${text}; last output:\n${tail}` : text);
    const diverged = active.tracker.divergedAtStep;
    if (diverged !== null) {
      // A diverged run must not win on the last finite value it happened to report before.
      return {
        state: 'failed',
        message: `${spec.objective.metric} became NaN or infinite at step ${diverged}: the run diverged (a smaller learning rate usually helps)`,
      };
    }
    if (exit.code === 0) {
      if (active.tracker.value !== null) return { state: 'completed', message: null };
      return {
        state: 'failed',
        message: `exited normally but never reported ${spec.objective.metric}; print @tundra {"step": 1, "${spec.objective.metric}": 0.5} or call tundra.report(${spec.objective.metric}=...)`,
      };
    }
    if (exit.signal) return { state: 'failed', message: withTail(`killed by ${exit.signal}`) };
    return { state: 'failed', message: withTail(`exited with code ${exit.code}`) };
  }

  private finish(run: ExperimentRun): void {
    if (!this.runs.has(run.id)) return;
    this.runs.delete(run.id);
    const counts = this.requireExperiment(run.id).counts;
    const now = this.now();
    let message: string | null = null;
    let state: 'completed' | 'stopped' | 'failed' = run.stopping ? 'stopped' : 'completed';
    if (run.failure && !run.stopping) {
      state = 'failed';
      message = run.failure;
    } else if (!run.stopping && counts.completed === 0 && counts.failed > 0) {
      state = 'failed';
      const firstFailure = this.store.trials.listInState(run.id, ['failed'])[0];
      message = `every trial failed; the first: ${firstFailure?.message ?? 'no message'}`;
    } else if (run.stopping) {
      message = 'stopped by user';
    }
    this.store.experiments.transition(run.id, ['running', 'stopping'], state, { finishedAt: now, message });
    this.store.events.append(run.id, null, 'experiment', state, now);
    run.resolveFinished(this.publishExperiment(run.id));
  }

  private scheduleFlush(): void {
    if (this.flushTimer === undefined) {
      this.flushTimer = setTimeout(() => this.flush(), this.options.flushMs ?? DEFAULT_FLUSH_MS);
    }
  }

  /** Writes buffered points and trial progress in one transaction, then tells the clients. */
  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pendingPoints.length === 0 && this.dirtyTrials.size === 0) return;
    const points = this.pendingPoints;
    const dirty = [...this.dirtyTrials.values()];
    this.pendingPoints = [];
    this.dirtyTrials.clear();
    this.store.transaction(() => {
      this.store.metrics.append(points);
      for (const { trial, tracker } of dirty) this.store.trials.updateProgress(trial.id, tracker.value, tracker.lastStep);
    });
    for (const { trial } of dirty) this.publishTrial(trial.id);
    this.options.hub.metricsAppended(points);
  }

  private publishTrial(trialId: number): Trial {
    const trial = this.store.trials.require(trialId);
    this.options.hub.trialUpdated(trial);
    return trial;
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
