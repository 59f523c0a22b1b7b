import type { Experiment, ExperimentState, Trial, TrialState } from '../../shared/domain';
import type { AppCommand } from '../../shared/desktop';
import type { EventMessage } from '../../shared/protocol';
import { assertNever } from '../../shared/result';

/**
 * Decides which desktop notifications the hub's pushes deserve; pure, so the rules are tested
 * without Electron (main/app/main.ts shows what it returns).
 *
 * - An experiment that finishes on its own (completed or failed) says so once, with its best
 *   value or why it failed. One the user stopped says nothing: they know.
 * - A trial that fails says so once, with the first line of its exit reason. Trials stopped by the
 *   user end `stopped`, not `failed`, and failures while their experiment is being stopped are the
 *   stop's doing, so neither notifies.
 * - Several failures in one push (the hub batches a quarter second) become one notification per
 *   experiment, so a broken command with `parallel: 8` does not bury the desktop.
 * - Only transitions seen here count: the planner is seeded with the records as they were when the
 *   app started (and with the experiments pushed right after another database file is opened), so
 *   history never notifies, and a record pushed again (a new revision in the same state) never
 *   notifies twice.
 */

export interface NotificationRequest {
  readonly title: string;
  readonly body: string;
  /** What clicking it shows. */
  readonly onClick: Extract<AppCommand, { command: 'show-experiment' | 'show-trial' }>;
}

/** From this many failures of one experiment in one push, one summary instead of one each. */
export const FAILURE_BATCH_THRESHOLD = 3;
/** Notification bodies are a line or two; a long log tail is for the trial page. */
export const MAX_BODY_CHARS = 160;

const FINISHED_EXPERIMENT: readonly ExperimentState[] = ['completed', 'failed', 'stopped'];
const STOPPING_EXPERIMENT: readonly ExperimentState[] = ['stopping', 'stopped'];

export interface NotificationPlanner {
  /** The records as they are now (at start-up): their current states never notify. */
  seed(experiments: readonly Experiment[], trials?: readonly Trial[]): void;
  /** The notifications one push calls for, in order: trial failures, then experiment endings. */
  observe(message: EventMessage): NotificationRequest[];
}

export function createNotificationPlanner(): NotificationPlanner {
  const experiments = new Map<number, Experiment>();
  const trialStates = new Map<number, TrialState>();
  let awaitingSeed = false;

  function remember(experiment: Experiment): void {
    const known = experiments.get(experiment.id);
    if (known === undefined || experiment.revision >= known.revision) experiments.set(experiment.id, experiment);
  }

  function trialFailures(trials: readonly Trial[]): NotificationRequest[] {
    const failedNow = new Map<number, Trial[]>();
    for (const trial of trials) {
      const before = trialStates.get(trial.id);
      trialStates.set(trial.id, trial.state);
      if (trial.state !== 'failed' || before === 'failed') continue;
      const experiment = experiments.get(trial.experimentId);
      if (experiment !== undefined && STOPPING_EXPERIMENT.includes(experiment.state)) continue;
      const list = failedNow.get(trial.experimentId) ?? [];
      list.push(trial);
      failedNow.set(trial.experimentId, list);
    }
    const requests: NotificationRequest[] = [];
    for (const [experimentId, failed] of failedNow) {
      const name = experimentName(experiments.get(experimentId), experimentId);
      const sorted = [...failed].sort((a, b) => a.number - b.number);
      const first = sorted[0]!;
      if (sorted.length >= FAILURE_BATCH_THRESHOLD) {
        requests.push({
          title: `${sorted.length} trials of ${name} failed`,
          body: clip(`Trials ${numberList(sorted.map((t) => t.number))}. The first: ${reasonOf(first)}`),
          onClick: { command: 'show-experiment', experimentId },
        });
        continue;
      }
      for (const trial of sorted) {
        requests.push({
          title: `Trial ${trial.number} of ${name} failed`,
          body: clip(reasonOf(trial)),
          onClick: { command: 'show-trial', experimentId, trialId: trial.id },
        });
      }
    }
    return requests;
  }

  function experimentEndings(updated: readonly Experiment[]): NotificationRequest[] {
    const requests: NotificationRequest[] = [];
    for (const experiment of updated) {
      const before = experiments.get(experiment.id);
      if (before !== undefined && experiment.revision < before.revision) continue; // an older copy
      remember(experiment);
      if (experiment.origin !== undefined) continue; // imported history: finished before it arrived
      // Never seen before means created since start-up: it was a draft or running first, so a
      // finished state is news. Seen in a finished state means it was already said (or history).
      if (before !== undefined && FINISHED_EXPERIMENT.includes(before.state)) continue;
      if (before !== undefined && before.state === 'stopping') continue; // the user stopped it
      const onClick = { command: 'show-experiment', experimentId: experiment.id } as const;
      if (experiment.state === 'completed') {
        requests.push({ title: `${experiment.name} finished`, body: clip(finishedBody(experiment)), onClick });
      } else if (experiment.state === 'failed') {
        requests.push({ title: `${experiment.name} failed`, body: clip(experiment.message ?? 'Every trial failed.'), onClick });
      }
    }
    return requests;
  }

  return {
    seed(seedExperiments, seedTrials = []) {
      for (const experiment of seedExperiments) remember(experiment);
      for (const trial of seedTrials) trialStates.set(trial.id, trial.state);
    },
    observe(message) {
      switch (message.event) {
        case 'trials/updated':
          return trialFailures(message.payload);
        case 'experiments/updated':
          if (awaitingSeed) {
            // The first push after another database file opened is that file's history, not news.
            awaitingSeed = false;
            for (const experiment of message.payload) remember(experiment);
            return [];
          }
          return experimentEndings(message.payload);
        case 'database/opened':
          // Ids start over in the other file: what was known of the old one means nothing now.
          experiments.clear();
          trialStates.clear();
          awaitingSeed = true;
          return [];
        case 'experiments/deleted':
          for (const experimentId of message.payload) experiments.delete(experimentId);
          return [];
        case 'metrics/appended':
        case 'gpus/sampled':
          return [];
        default:
          return assertNever(message);
      }
    },
  };
}

function experimentName(experiment: Experiment | undefined, experimentId: number): string {
  return experiment?.name ?? `experiment ${experimentId}`;
}

/** `Best loss 0.0312 (trial 7) of 20 trials.`, or why there is none. */
function finishedBody(experiment: Experiment): string {
  const { counts, best, spec } = experiment;
  const finished = counts.completed + counts.failed + counts.stopped;
  const trials = `${finished} trial${finished === 1 ? '' : 's'}`;
  const failed = counts.failed > 0 ? `, ${counts.failed} failed` : '';
  if (best === null) return `No trial reported ${spec.objective.metric}; ${trials}${failed}.`;
  const wanted = spec.objective.mode === 'min' ? 'lowest' : 'highest';
  return `Best ${spec.objective.metric} ${formatNumber(best.value)} (${wanted}, trial ${best.number}) of ${trials}${failed}.`;
}

/** The first line of the trial's message: the exit reason without the log tail that follows it. */
function reasonOf(trial: Trial): string {
  const line = (trial.message ?? '').split('\n')[0]?.replace(/; last output:$/, '').trim() ?? '';
  if (line !== '') return line;
  return trial.exitCode !== null ? `exited with code ${trial.exitCode}` : 'no reason recorded';
}

/** `3, 4 and 9`; long lists end in "and N more". */
function numberList(numbers: readonly number[]): string {
  const shown = numbers.length > 6 ? numbers.slice(0, 5) : numbers;
  const rest = numbers.length - shown.length;
  const words = shown.map(String);
  if (rest > 0) return `${words.join(', ')} and ${rest} more`;
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (value !== 0 && (magnitude >= 1e6 || magnitude < 1e-3)) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

function clip(text: string): string {
  return text.length <= MAX_BODY_CHARS ? text : `${text.slice(0, MAX_BODY_CHARS - 1)}…`;
}
