import { assertNever } from '../../shared/result';
import type { ConnectionState } from '../api/transport';

/** What the main area shows. */
export type View =
  | { readonly kind: 'home' }
  | { readonly kind: 'new-experiment' }
  | { readonly kind: 'experiment'; readonly experimentId: number }
  | { readonly kind: 'trial'; readonly experimentId: number; readonly trialId: number };

/** The new-experiment form as typed; kept in the store so leaving the panel never loses it. */
export interface ExperimentDraft {
  readonly yaml: string;
  readonly baseDir: string;
  readonly path: string;
}

/** What an import or a refine says about the draft it wrote: shown above the editor until dismissed. */
export interface DraftNotes {
  readonly title: string;
  readonly items: readonly string[];
}

export interface Notice {
  readonly id: number;
  readonly message: string;
}

export interface UiData {
  readonly view: View;
  /** The trial whose log is shown under the table. */
  readonly selectedTrialId: number | null;
  /** The metric the chart shows, per experiment; the objective's metric when absent. */
  readonly chartMetric: Readonly<Record<number, string>>;
  readonly logScale: boolean;
  readonly draft: ExperimentDraft;
  readonly draftNotes: DraftNotes | null;
  /** An import's report, above its experiment's dashboard until dismissed. */
  readonly experimentNotes: Readonly<Record<number, DraftNotes>>;
  /** Output pasted into the editor's metric pattern tester; kept with the draft. */
  readonly metricSample: string;
  /** Set when someone asked for the example picker; the editor opens it and clears this. */
  readonly examplesRequested: boolean;
  /** Set by the Import command (menu or shortcut); the sidebar's Import… opens its dialog and clears this. */
  readonly importRequested: boolean;
  readonly notices: readonly Notice[];
  readonly connection: ConnectionState;
}

export const initialUi: UiData = {
  view: { kind: 'home' },
  selectedTrialId: null,
  chartMetric: {},
  logScale: false,
  draft: { yaml: '', baseDir: '', path: '' },
  draftNotes: null,
  experimentNotes: {},
  metricSample: '',
  examplesRequested: false,
  importRequested: false,
  notices: [],
  connection: 'connecting',
};

export function sameView(a: View, b: View): boolean {
  if (a.kind === 'experiment' && b.kind === 'experiment') return a.experimentId === b.experimentId;
  if (a.kind === 'trial' && b.kind === 'trial') return a.experimentId === b.experimentId && a.trialId === b.trialId;
  return a.kind === b.kind;
}

export function showView(ui: UiData, view: View): UiData {
  if (sameView(ui.view, view)) return ui;
  return { ...ui, view, selectedTrialId: null };
}

/** A deleted experiment's dashboard, chart choice and notes go; the view falls back to home. */
export function forgetExperiments(ui: UiData, ids: readonly number[]): UiData {
  const viewGone = ui.view.kind === 'experiment' && ids.includes(ui.view.experimentId);
  const chartGone = ids.some((id) => id in ui.chartMetric || id in ui.experimentNotes);
  if (!viewGone && !chartGone) return ui;
  const chartMetric = { ...ui.chartMetric };
  const experimentNotes = { ...ui.experimentNotes };
  for (const id of ids) {
    delete chartMetric[id];
    delete experimentNotes[id];
  }
  return viewGone ? { ...ui, view: { kind: 'home' }, selectedTrialId: null, chartMetric, experimentNotes } : { ...ui, chartMetric, experimentNotes };
}

/** Another database file is open: nothing that refers to an experiment of the old one holds. */
export function forgetDatabase(ui: UiData): UiData {
  const view = ui.view.kind === 'experiment' || ui.view.kind === 'trial' ? { kind: 'home' as const } : ui.view;
  return { ...ui, view, selectedTrialId: null, chartMetric: {}, experimentNotes: {} };
}

export function setExperimentNotes(ui: UiData, experimentId: number, notes: DraftNotes | null): UiData {
  const experimentNotes = { ...ui.experimentNotes };
  if (notes === null) delete experimentNotes[experimentId];
  else experimentNotes[experimentId] = notes;
  return { ...ui, experimentNotes };
}

export function selectedExperimentId(ui: UiData): number | null {
  // A trial page belongs to its experiment: its trials and metrics are loaded and kept fresh.
  return ui.view.kind === 'experiment' || ui.view.kind === 'trial' ? ui.view.experimentId : null;
}

const MAX_NOTICES = 4;

export function addNotice(ui: UiData, message: string): UiData {
  const id = (ui.notices[ui.notices.length - 1]?.id ?? 0) + 1;
  return { ...ui, notices: [...ui.notices, { id, message }].slice(-MAX_NOTICES) };
}

export function dismissNotice(ui: UiData, id: number): UiData {
  return { ...ui, notices: ui.notices.filter((notice) => notice.id !== id) };
}

/** `#/experiments/12`, `#/experiments/12/trials/40`, `#/new`, or empty: the view a reload comes back to. */
export function viewToHash(view: View): string {
  switch (view.kind) {
    case 'home':
      return '';
    case 'new-experiment':
      return '#/new';
    case 'experiment':
      return `#/experiments/${view.experimentId}`;
    case 'trial':
      return `#/experiments/${view.experimentId}/trials/${view.trialId}`;
    default:
      return assertNever(view);
  }
}

export function viewFromHash(hash: string): View {
  if (hash === '#/new') return { kind: 'new-experiment' };
  const match = /^#\/experiments\/([1-9][0-9]{0,15})$/.exec(hash);
  if (match?.[1] !== undefined) return { kind: 'experiment', experimentId: Number(match[1]) };
  const trialMatch = /^#\/experiments\/([1-9][0-9]{0,15})\/trials\/([1-9][0-9]{0,15})$/.exec(hash);
  if (trialMatch?.[1] !== undefined && trialMatch[2] !== undefined) {
    return { kind: 'trial', experimentId: Number(trialMatch[1]), trialId: Number(trialMatch[2]) };
  }
  return { kind: 'home' };
}
