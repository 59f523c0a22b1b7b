import type { CurveSummary, StoredSeries } from '../../shared/api';
import { isLiveCurve, summariseCurves, type CurveEnvelope } from '../../shared/curve-envelope';
import type { Experiment } from '../../shared/domain';
import type { Store } from '../store/store';
import type { CurveRankRow } from '../store/repositories/trials';

/** The part of a summary that only finished trials decide, kept while none of them changes. */
interface FinishedPart {
  /** The finished trials' ids and revisions, the best trial and the direction it was computed for. */
  readonly fingerprint: string;
  readonly summarised: number[];
  /** Finished trials with a curve that is sent in full (drawn on their own). */
  readonly drawnFinished: number[];
  readonly envelope: CurveEnvelope;
  /** Metric names the experiment's trials reported when it was made. */
  readonly finishedNames: readonly string[];
}

/** Summaries kept: one per experiment, metric and limit asked for lately. */
const MAX_CACHED = 8;

/**
 * Trials whose points are read at once before other work gets a turn: the server has one thread,
 * and a reply already sent (a 10,000-trial trials/list is 4.6 MB) is written to its socket only
 * while that thread is free, as are pushes while a sweep streams.
 */
export const TRIALS_PER_READ = 500;

const otherWorkFirst = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * metrics/summary (shared/api.ts) over one store. Summarising reads every point of the metric (a
 * million for a 10,000 x 100 experiment, most of a second), so the finished trials' part is kept
 * and reused until one of them changes: a trial that finishes, is thawed or deleted changes the
 * fingerprint (ids and revisions of the finished trials; a revision grows with every change to a
 * trial, metric progress included: the scheduler stores a trial's points and its progress in one
 * transaction). Live trials' curves are read anew on every call, a few hundred points each;
 * while a sweep streams, a refetch costs that and the fingerprint.
 */
export class CurveSummaries {
  private readonly cache = new Map<string, FinishedPart>();
  private readonly inFlight = new Map<string, Promise<{ summary: CurveSummary; part: FinishedPart | null }>>();

  constructor(private readonly store: Store) {}

  /**
   * Drops what is kept of a deleted experiment: SQLite may give its id, and its trials' ids, to the
   * next ones created, whose revisions start over too.
   */
  forget(experimentId: number): void {
    for (const key of [...this.cache.keys()]) if (key.startsWith(`${experimentId}\u0000`)) this.cache.delete(key);
  }

  async summary(experiment: Experiment, name: string, maxSeparate: number): Promise<CurveSummary> {
    const trials = this.store.trials.curveRanks(experiment.id);
    const bestTrialId = experiment.best?.trialId ?? null;
    const mode = experiment.spec.objective.mode;
    const finished = trials.filter((trial) => !isLiveCurve(trial));
    const live = trials.filter((trial) => isLiveCurve(trial));
    const fingerprint = `${bestTrialId}|${mode}|${finished.map((trial) => `${trial.id}:${trial.revision}`).join(',')}`;
    const key = `${experiment.id}\u0000${name}\u0000${maxSeparate}`;
    const held = this.cache.get(key);
    if (held !== undefined && held.fingerprint === fingerprint) {
      const fromHeld = this.fromFinishedPart(held, live, name, maxSeparate);
      if (fromHeld !== null) return fromHeld;
    }
    // The same summary asked for again while it is read (a reconnect, two windows): one read.
    const flightKey = `${key}\u0000${fingerprint}`;
    let pending = this.inFlight.get(flightKey);
    if (pending === undefined) {
      pending = this.computed(experiment.id, trials, bestTrialId, mode, name, maxSeparate, fingerprint).finally(() => this.inFlight.delete(flightKey));
      this.inFlight.set(flightKey, pending);
    }
    const { summary, part } = await pending;
    this.cache.delete(key);
    if (part !== null) {
      this.cache.set(key, part);
      // Oldest first in a Map: drop those beyond the limit.
      for (const stale of this.cache.keys()) {
        if (this.cache.size <= MAX_CACHED) break;
        this.cache.delete(stale);
      }
    }
    return summary;
  }

  /** From the kept finished part and live trials read now; null when there are too few curves left to summarise. */
  private fromFinishedPart(part: FinishedPart, live: readonly CurveRankRow[], name: string, maxSeparate: number): CurveSummary | null {
    const liveSeries = live.flatMap((trial): StoredSeries[] => {
      const { steps, values } = this.store.metrics.metricOfTrial(trial.id, name);
      return steps.length > 0 ? [{ trialId: trial.id, name, steps, values }] : [];
    });
    // With no more curves than the limit the chart draws every one: recompute, which sends them all.
    if (part.summarised.length + part.drawnFinished.length + liveSeries.length <= maxSeparate) return null;
    const drawnSeries = part.drawnFinished.flatMap((trialId): StoredSeries[] => {
      const { steps, values } = this.store.metrics.metricOfTrial(trialId, name);
      return steps.length > 0 ? [{ trialId, name, steps, values }] : [];
    });
    const names = new Set(part.finishedNames);
    for (const trial of live) for (const each of this.store.metrics.namesOfTrial(trial.id)) names.add(each);
    return {
      metric: name,
      names: [...names].sort(),
      maxSeparate,
      series: [...drawnSeries, ...liveSeries],
      summarised: part.summarised,
      envelope: part.envelope,
    };
  }

  private async computed(
    experimentId: number,
    trials: readonly CurveRankRow[],
    bestTrialId: number | null,
    objectiveMode: 'min' | 'max',
    name: string,
    maxSeparate: number,
    fingerprint: string,
  ): Promise<{ summary: CurveSummary; part: FinishedPart | null }> {
    const experimentCurves = new Map<number, { steps: number[]; values: number[] }>();
    for (let first = 0; first < trials.length; first += TRIALS_PER_READ) {
      const last = Math.min(trials.length, first + TRIALS_PER_READ) - 1;
      this.store.metrics.metricOfTrialNumbers(experimentId, name, trials[first]!.number, trials[last]!.number, experimentCurves);
      await otherWorkFirst();
    }
    const columns = trials.map((trial) => experimentCurves.get(trial.id));
    const { drawn, summarised, envelope } = summariseCurves({ trials, columns, bestTrialId, objectiveMode, maxSeparate });
    // Live trials may report a new name before the next call; the finished ones' are kept with
    // the finished part (a few more than theirs do no harm: the chart just offers the name).
    const names = this.store.metrics.namesOfExperiment(experimentId);
    const summary: CurveSummary = {
      metric: name,
      names,
      maxSeparate,
      series: drawn.map((trial) => {
        const stored = experimentCurves.get(trial.id)!;
        return { trialId: trial.id, name, steps: stored.steps, values: stored.values };
      }),
      summarised: summarised.map((trial) => trial.id),
      envelope,
    };
    const part =
      envelope === null
        ? null
        : {
            fingerprint,
            summarised: summary.summarised,
            drawnFinished: drawn.filter((trial) => !isLiveCurve(trial)).map((trial) => trial.id),
            envelope,
            finishedNames: names,
          };
    return { summary, part };
  }
}
