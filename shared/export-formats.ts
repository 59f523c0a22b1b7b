/**
 * What an experiment can be exported as (main/exports does the work, for the CLI, the API and the
 * UI alike). `trial` formats describe one configuration (the best trial, or a chosen one);
 * `experiment` formats describe the whole experiment.
 */
export const EXPORT_FORMATS = ['json', 'yaml', 'args', 'env', 'hydra', 'csv', 'experiment', 'results-json', 'results-yaml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFormatInfo {
  readonly scope: 'trial' | 'experiment';
  /** A short label for menus and --help. */
  readonly label: string;
}

export const EXPORT_FORMAT_INFO: { readonly [F in ExportFormat]: ExportFormatInfo } = {
  json: { scope: 'trial', label: "a trial's parameters as a JSON object" },
  yaml: { scope: 'trial', label: "a trial's parameters as YAML" },
  args: { scope: 'trial', label: 'command-line arguments: --lr 0.01 --hidden 128 (quoted for a POSIX shell)' },
  env: { scope: 'trial', label: '.env lines: LR=0.01 (names upper-cased, values quoted when needed)' },
  hydra: { scope: 'trial', label: 'Hydra overrides: lr=0.01 model.hidden=128' },
  csv: { scope: 'experiment', label: 'every trial: parameters, result, state, steps, times (RFC 4180)' },
  experiment: { scope: 'experiment', label: 'the experiment file that reproduces it (seed fixed)' },
  'results-json': { scope: 'experiment', label: 'the whole record as JSON: spec, state, best trial, every trial' },
  'results-yaml': { scope: 'experiment', label: 'the whole record as YAML: spec, state, best trial, every trial' },
};
