import type { Experiment } from '../../shared/domain';

/**
 * Experiments as the back end last described them. `order` is newest first and keeps its identity
 * while no experiment is added or removed, so the list re-renders only when its membership changes;
 * each row reads its own record.
 */
export interface ExperimentsData {
  readonly byId: Readonly<Record<number, Experiment>>;
  readonly order: readonly number[];
  readonly loaded: boolean;
  readonly loadError: string | null;
}

export const emptyExperiments: ExperimentsData = { byId: {}, order: [], loaded: false, loadError: null };

function newestFirst(a: Experiment, b: Experiment): number {
  return b.createdAt - a.createdAt || b.id - a.id;
}

function orderOf(byId: Readonly<Record<number, Experiment>>, previous: readonly number[]): readonly number[] {
  const next = Object.values(byId).sort(newestFirst).map((experiment) => experiment.id);
  const same = next.length === previous.length && next.every((id, index) => previous[index] === id);
  return same ? previous : next;
}

function doneCount(experiment: Experiment): number {
  return experiment.counts.completed + experiment.counts.failed + experiment.counts.stopped;
}

/**
 * Whether a record from a snapshot (a list fetched over a request) is older than the one held:
 * pushes can overtake a snapshot in flight. The revision grows with every change to the experiment
 * and its trials (counts alone can go down now: a stopped trial can be thawed).
 */
export function isStaleSnapshot(incoming: Experiment, held: Experiment): boolean {
  return incoming.revision < held.revision;
}

/** Pushed records: always the newest word on each experiment. */
export function upsertExperiments(data: ExperimentsData, list: readonly Experiment[]): ExperimentsData {
  if (list.length === 0) return data;
  const byId = { ...data.byId };
  for (const experiment of list) byId[experiment.id] = experiment;
  return { ...data, byId, order: orderOf(byId, data.order) };
}

/** A full list from `experiments/list`: experiments missing from it are gone. */
export function replaceExperiments(data: ExperimentsData, list: readonly Experiment[]): ExperimentsData {
  const byId: Record<number, Experiment> = {};
  for (const experiment of list) {
    const held = data.byId[experiment.id];
    byId[experiment.id] = held !== undefined && isStaleSnapshot(experiment, held) ? held : experiment;
  }
  return { byId, order: orderOf(byId, data.order), loaded: true, loadError: null };
}

/** Experiments deleted: gone from the list at once. */
export function removeExperiments(data: ExperimentsData, ids: readonly number[]): ExperimentsData {
  if (!ids.some((id) => id in data.byId)) return data;
  const byId = { ...data.byId };
  for (const id of ids) delete byId[id];
  return { ...data, byId, order: orderOf(byId, data.order) };
}

export function experimentsLoadFailed(data: ExperimentsData, message: string): ExperimentsData {
  return { ...data, loadError: message };
}

/** Trials that have ended, whatever the way: what the progress bar counts against the budget. */
export function finishedTrials(experiment: Experiment): number {
  return doneCount(experiment);
}
