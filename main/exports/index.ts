import { stringify as toYaml } from 'yaml';
import type { ExperimentExport } from '../../shared/api';
import type { Experiment, Trial } from '../../shared/domain';
import type { ExportFormat } from '../../shared/export-formats';
import { assertNever, ok, type Result } from '../../shared/result';
import { formatDotenv } from './dotenv';
import { formatExperimentFile } from './experiment-file';
import { formatHydraOverrides } from './hydra-overrides';
import { pickTrial } from './pick-trial';
import { resultsDocument } from './results-document';
import { formatShellArgs } from './shell-args';
import { configEntries } from './trial-config';
import { formatTrialsCsv } from './trials-csv';

export interface ExportOptions {
  /** The trial a configuration format describes; the best trial when absent. */
  readonly trialNumber?: number;
  /** How the caller names `trialNumber` in errors (`--trial` on the command line). */
  readonly trialField?: string;
}

/**
 * The one export implementation, shared by the CLI, the API and the UI: one pure formatter per
 * format, on the experiment and its trials as stored.
 */
export function exportExperiment(experiment: Experiment, trials: readonly Trial[], format: ExportFormat, options: ExportOptions = {}): Result<ExperimentExport> {
  const baseName = experiment.name.replace(/[^A-Za-z0-9._-]+/g, '-');
  const file = (suffix: string, mediaType: string, content: string): Result<ExperimentExport> => ok({ fileName: `${baseName}${suffix}`, mediaType, content });
  switch (format) {
    case 'csv':
      return file('-trials.csv', 'text/csv', formatTrialsCsv(experiment, trials));
    case 'experiment':
      return file('-experiment.yaml', 'application/yaml', formatExperimentFile(experiment));
    case 'results-json':
      return file('.json', 'application/json', `${JSON.stringify(resultsDocument(experiment, trials), null, 2)}\n`);
    case 'results-yaml':
      return file('.yaml', 'application/yaml', toYaml(resultsDocument(experiment, trials)));
    case 'json':
    case 'yaml':
    case 'args':
    case 'env':
    case 'hydra':
      return exportTrialConfig(experiment, trials, format, options, file);
    default:
      return assertNever(format);
  }
}

function exportTrialConfig(
  experiment: Experiment,
  trials: readonly Trial[],
  format: 'json' | 'yaml' | 'args' | 'env' | 'hydra',
  options: ExportOptions,
  file: (suffix: string, mediaType: string, content: string) => Result<ExperimentExport>,
): Result<ExperimentExport> {
  const picked = pickTrial(experiment, trials, options.trialNumber, options.trialField ?? 'trialNumber');
  if (!picked.ok) return picked;
  const trial = picked.value;
  const entries = configEntries(experiment, trial.params);
  const stem = `-trial-${trial.number}`;
  switch (format) {
    case 'json':
      return file(`${stem}.json`, 'application/json', `${JSON.stringify(Object.fromEntries(entries.map((e) => [e.name, e.value])), null, 2)}\n`);
    case 'yaml':
      return file(`${stem}.yaml`, 'application/yaml', toYaml(Object.fromEntries(entries.map((e) => [e.name, e.value]))));
    case 'args':
      return file(`${stem}.args.txt`, 'text/plain', formatShellArgs(entries));
    case 'env': {
      const content = formatDotenv(entries);
      return content.ok ? file(`${stem}.env`, 'text/plain', content.value) : content;
    }
    case 'hydra':
      return file(`${stem}.hydra.txt`, 'text/plain', formatHydraOverrides(entries));
    default:
      return assertNever(format);
  }
}
