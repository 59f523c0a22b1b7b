import type { Trial } from '../../shared/domain';

/**
 * Trials grouped by experiment, each group sorted by trial number. A group keeps its identity unless
 * one of its trials changed, so a push for experiment A does not re-render B's table.
 * `experimentOf` maps every trial seen so far to its experiment (metric points name only the trial).
 */
export interface TrialsData {
  readonly byExperiment: Readonly<Record<number, readonly Trial[]>>;
  readonly experimentOf: Readonly<Record<number, number>>;
  /** Experiments whose full trial list has been fetched at least once. */
  readonly loaded: Readonly<Record<number, true>>;
}

export const emptyTrials: TrialsData = { byExperiment: {}, experimentOf: {}, loaded: {} };

/**
 * Whether a record from a snapshot is older than the one held. States go back and forth (frozen,
 * thawed, running again), so order comes from the trial's revision, which every change bumps.
 */
export function isStaleTrialSnapshot(incoming: Trial, held: Trial): boolean {
  return incoming.revision < held.revision;
}

/** The record held for a trial, wherever it is. */
export function heldTrial(data: TrialsData, trialId: number): Trial | undefined {
  const experimentId = data.experimentOf[trialId];
  return experimentId === undefined ? undefined : data.byExperiment[experimentId]?.find((trial) => trial.id === trialId);
}

function byNumber(a: Trial, b: Trial): number {
  return a.number - b.number || a.id - b.id;
}

/** Where `trial` (same id) sits in a group sorted by byNumber, or -1. */
function positionIn(group: readonly Trial[], trial: Trial): number {
  let low = 0;
  let high = group.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const order = byNumber(group[middle]!, trial);
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/**
 * Updates of trials already in the group, in place in a copy: while a sweep streams, every push
 * updates a few running trials of a group that may hold ten thousand, and rebuilding and sorting
 * the whole group for them was a long task several times a second. Null when a trial is new.
 */
function replaceHeld(group: readonly Trial[], incoming: readonly Trial[], keepHeldWhenStale: boolean): readonly Trial[] | null {
  const next = group.slice();
  for (const trial of incoming) {
    const at = positionIn(next, trial);
    if (at < 0) return null;
    if (keepHeldWhenStale && isStaleTrialSnapshot(trial, next[at]!)) continue;
    next[at] = trial;
  }
  return next;
}

function mergeGroup(group: readonly Trial[], incoming: readonly Trial[], keepHeldWhenStale: boolean): readonly Trial[] {
  const replaced = replaceHeld(group, incoming, keepHeldWhenStale);
  if (replaced !== null) return replaced;
  const byId = new Map(group.map((trial) => [trial.id, trial] as const));
  for (const trial of incoming) {
    const held = byId.get(trial.id);
    if (held !== undefined && keepHeldWhenStale && isStaleTrialSnapshot(trial, held)) continue;
    byId.set(trial.id, trial);
  }
  return [...byId.values()].sort(byNumber);
}

function groupByExperiment(list: readonly Trial[]): Map<number, Trial[]> {
  const groups = new Map<number, Trial[]>();
  for (const trial of list) {
    const group = groups.get(trial.experimentId);
    if (group === undefined) groups.set(trial.experimentId, [trial]);
    else group.push(trial);
  }
  return groups;
}

/** Pushed records: always the newest word on each trial. */
export function upsertTrials(data: TrialsData, list: readonly Trial[]): TrialsData {
  if (list.length === 0) return data;
  const byExperiment = { ...data.byExperiment };
  for (const [experimentId, group] of groupByExperiment(list)) {
    byExperiment[experimentId] = mergeGroup(byExperiment[experimentId] ?? [], group, false);
  }
  // Copied (ten thousand entries in a large sweep) only when a trial is new to it.
  let experimentOf = data.experimentOf;
  if (!list.every((trial) => experimentOf[trial.id] === trial.experimentId)) {
    const copy = { ...data.experimentOf };
    for (const trial of list) copy[trial.id] = trial.experimentId;
    experimentOf = copy;
  }
  return { ...data, byExperiment, experimentOf };
}

/** The trials of deleted experiments are forgotten; returns their ids too (for their metrics). */
export function removeTrialsOf(data: TrialsData, experimentIds: readonly number[]): { readonly trials: TrialsData; readonly trialIds: readonly number[] } {
  const gone = new Set(experimentIds);
  const trialIds = Object.entries(data.experimentOf)
    .filter(([, experimentId]) => gone.has(experimentId))
    .map(([trialId]) => Number(trialId));
  if (trialIds.length === 0 && !experimentIds.some((id) => id in data.byExperiment || id in data.loaded)) return { trials: data, trialIds };
  const byExperiment = { ...data.byExperiment };
  const loaded = { ...data.loaded };
  const experimentOf = { ...data.experimentOf };
  for (const id of experimentIds) {
    delete byExperiment[id];
    delete loaded[id];
  }
  for (const trialId of trialIds) delete experimentOf[trialId];
  return { trials: { byExperiment, experimentOf, loaded }, trialIds };
}

/**
 * The full list from `trials/list` for one experiment. Trials held but missing from the list are
 * kept only if they are newer than the snapshot could know about (they arrived by push).
 */
export function replaceTrials(data: TrialsData, experimentId: number, list: readonly Trial[]): TrialsData {
  const held = data.byExperiment[experimentId] ?? [];
  const listed = new Set(list.map((trial) => trial.id));
  const maxListedNumber = list.reduce((max, trial) => Math.max(max, trial.number), 0);
  const pushedLater = held.filter((trial) => !listed.has(trial.id) && trial.number > maxListedNumber);
  const heldListed = held.filter((trial) => listed.has(trial.id));
  const group = mergeGroup([...heldListed, ...pushedLater], list.filter((trial) => trial.experimentId === experimentId), true);
  const experimentOf = { ...data.experimentOf };
  for (const trial of group) experimentOf[trial.id] = experimentId;
  return {
    byExperiment: { ...data.byExperiment, [experimentId]: group },
    experimentOf,
    loaded: { ...data.loaded, [experimentId]: true },
  };
}
