import type { Experiment, ExperimentState } from '../../../shared/domain';
import { parseExperimentFile } from '../../../shared/experiment-file';
import { assertNever } from '../../../shared/result';
import { isAbsolutePath } from '../../lib/paths';
import type { ExperimentDraft } from '../../state/ui-slice';

export const EXPERIMENT_SORTS = ['newest', 'oldest', 'name', 'state'] as const;
export type ExperimentSort = (typeof EXPERIMENT_SORTS)[number];

export const EXPERIMENT_SORT_LABELS: { readonly [S in ExperimentSort]: string } = {
  newest: 'Newest first',
  oldest: 'Oldest first',
  name: 'Name',
  state: 'Active first',
};

/** Active ones first: what needs attention, then what finished, drafts last. */
const STATE_RANK: { readonly [S in ExperimentState]: number } = {
  running: 0,
  stopping: 1,
  paused: 2,
  failed: 3,
  completed: 4,
  stopped: 5,
  draft: 6,
};

function newestFirst(a: Experiment, b: Experiment): number {
  return b.createdAt - a.createdAt || b.id - a.id;
}

/** Ids of the experiments whose name or objective metric contains `search`, sorted. */
export function listedExperimentIds(experiments: readonly Experiment[], search: string, sort: ExperimentSort): number[] {
  const needle = search.trim().toLowerCase();
  const shown = needle === '' ? [...experiments] : experiments.filter((experiment) => matchesSearch(experiment, needle));
  shown.sort((a, b) => {
    switch (sort) {
      case 'newest':
        return newestFirst(a, b);
      case 'oldest':
        return -newestFirst(a, b);
      case 'name':
        return a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }) || newestFirst(a, b);
      case 'state':
        return STATE_RANK[a.state] - STATE_RANK[b.state] || newestFirst(a, b);
      default:
        return assertNever(sort);
    }
  });
  return shown.map((experiment) => experiment.id);
}

function matchesSearch(experiment: Experiment, needle: string): boolean {
  return experiment.name.toLowerCase().includes(needle) || experiment.spec.objective.metric.toLowerCase().includes(needle) || experiment.state === needle;
}

/** Whether the back end would delete it now: nothing of it runs or waits to go on. */
export function canDelete(state: ExperimentState): boolean {
  return state === 'draft' || state === 'completed' || state === 'stopped' || state === 'failed';
}

/**
 * `07:12` today, `3 Dec 07:12` this year, `3 Dec 2025` before: compact enough for the sidebar.
 * Local time; `now` decides what "today" is.
 */
export function formatTimestamp(ms: number, now: number): string {
  const date = new Date(ms);
  const today = new Date(now);
  const time = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  if (date.toDateString() === today.toDateString()) return time;
  const day = `${date.getDate()} ${date.toLocaleString('en', { month: 'short' })}`;
  return date.getFullYear() === today.getFullYear() ? `${day} ${time}` : `${day} ${date.getFullYear()}`;
}

/** `ran 07:12 – 07:40` once finished, `started 07:12` while it runs, or `not started`. */
export function timesLine(experiment: Pick<Experiment, 'startedAt' | 'finishedAt'>, now: number): string {
  if (experiment.startedAt === null) return 'not started';
  const started = formatTimestamp(experiment.startedAt, now);
  return experiment.finishedAt === null ? `started ${started}` : `ran ${started} – ${formatTimestamp(experiment.finishedAt, now)}`;
}

/** The same in words, for a tooltip when the short form is cut off. */
export function timesTitle(experiment: Pick<Experiment, 'startedAt' | 'finishedAt'>): string {
  if (experiment.startedAt === null) return 'not started';
  const started = `started ${new Date(experiment.startedAt).toLocaleString()}`;
  return experiment.finishedAt === null ? started : `${started}, finished ${new Date(experiment.finishedAt).toLocaleString()}`;
}

export interface DuplicateDraft {
  readonly draft: ExperimentDraft;
  /** Set when the base folder could not be worked out exactly and should be checked. */
  readonly warning: string | null;
}

/**
 * The new-experiment form filled with an experiment's file as written. The stored workdir is
 * absolute (the file's `workdir` resolved against the base folder it was created with), so the
 * base folder is recovered by taking the relative workdir off its end; a workdir that climbs
 * (`../data`) cannot be undone that way, and then the stored workdir is offered with a warning.
 */
export function duplicateDraft(experiment: Pick<Experiment, 'sourceYaml' | 'spec'>): DuplicateDraft {
  const absolute = experiment.spec.workdir;
  const parsed = parseExperimentFile(experiment.sourceYaml);
  const written = parsed.ok ? parsed.value.workdir : '.';
  const draft = (baseDir: string): ExperimentDraft => ({ yaml: experiment.sourceYaml, baseDir, path: '' });
  if (isAbsolutePath(written)) return { draft: draft(absolute), warning: null };
  const segments = written.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    return { draft: draft(absolute), warning: `Its workdir "${written}" climbs out of the base folder; check Base folder before creating.` };
  }
  let base = absolute.replace(/[\\/]+$/, '');
  for (const segment of [...segments].reverse()) {
    const cut = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
    if (cut < 0 || base.slice(cut + 1) !== segment) return { draft: draft(absolute), warning: `Check Base folder: it could not be recovered from workdir "${written}".` };
    base = cut === 0 ? base.slice(0, 1) : base.slice(0, cut);
  }
  return { draft: draft(base), warning: null };
}
