import { EXPORT_FORMAT_INFO, EXPORT_FORMATS, type ExportFormat } from '../../../shared/export-formats';

/** Short names for the menu; EXPORT_FORMAT_INFO's longer labels become each entry's hint. */
export const EXPORT_SHORT_LABELS: { readonly [F in ExportFormat]: string } = {
  json: 'JSON',
  yaml: 'YAML',
  args: 'CLI args',
  env: '.env',
  hydra: 'Hydra overrides',
  csv: 'CSV of all trials',
  experiment: 'Experiment file',
  'results-json': 'Results JSON',
  'results-yaml': 'Results YAML',
};

export interface ExportMenuItem {
  readonly format: ExportFormat;
  readonly label: string;
  readonly hint: string;
  /** Passed to the API for trial formats on a trial's page; absent means the best trial. */
  readonly trialNumber?: number;
}

export interface ExportMenuGroup {
  readonly title: string;
  readonly items: readonly ExportMenuItem[];
}

/** Whose config the trial formats describe: a chosen trial, or the best one (null while there is none). */
export type ExportTarget = { readonly kind: 'trial'; readonly trialNumber: number } | { readonly kind: 'best'; readonly bestNumber: number | null };

/**
 * The export menu: one group for a trial's config, one for the whole experiment, each in
 * EXPORT_FORMATS' order. Without a best trial there is no config to export yet, so that group
 * is left out rather than offered and refused.
 */
export function exportMenu(target: ExportTarget): readonly ExportMenuGroup[] {
  const item = (format: ExportFormat): ExportMenuItem => ({ format, label: EXPORT_SHORT_LABELS[format], hint: EXPORT_FORMAT_INFO[format].label });
  const trialFormats = EXPORT_FORMATS.filter((format) => EXPORT_FORMAT_INFO[format].scope === 'trial');
  const experimentFormats = EXPORT_FORMATS.filter((format) => EXPORT_FORMAT_INFO[format].scope === 'experiment');
  const groups: ExportMenuGroup[] = [];
  if (target.kind === 'trial') {
    groups.push({ title: `Trial ${target.trialNumber}'s config`, items: trialFormats.map((format) => ({ ...item(format), trialNumber: target.trialNumber })) });
  } else if (target.bestNumber !== null) {
    groups.push({ title: `The best trial's config (trial ${target.bestNumber})`, items: trialFormats.map(item) });
  }
  groups.push({ title: 'The whole experiment', items: experimentFormats.map(item) });
  return groups;
}
