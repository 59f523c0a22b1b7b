import { renderArgv } from './command-template';
import { parameterOrder, isActive, type ParamValues, type SearchSpace } from './search-space';
import { defaultValue } from './sample-param';

/**
 * What a trial process gets, computed the way main/scheduler/trial-launch.ts (prepareLaunch) does
 * it, for the editor's preview. test/unit/shared/launch-preview.test.ts runs both on the same
 * trial and compares, so the preview cannot drift from what trials really get.
 *
 * Left out on purpose: the variables of the machine Tundra runs on (the preview lists what Tundra
 * adds, not the user's shell), the GPU slot's CUDA_* variables (chosen when the trial starts) and
 * the program's resolution on PATH (done on the back end's machine).
 */

export interface LaunchPreviewTrial {
  readonly id: number;
  readonly number: number;
  readonly dir: string;
  readonly checkpointDir: string;
  /** Where Tundra's Python helper is; it goes first on PYTHONPATH. */
  readonly helperDir: string;
  /** PYTHONPATH of the environment Tundra runs in, appended after the helper's folder. */
  readonly inheritedPythonPath?: string;
  /** Thawing from a checkpoint. */
  readonly resuming?: boolean;
}

export interface LaunchPreview {
  readonly argv: readonly string[];
  /** In the order a person reads them: the file's env, then what Tundra adds. */
  readonly env: readonly (readonly [string, string])[];
}

export const PARAMS_FILE_NAME = 'params.json';

/** The default configuration: each active parameter at its `default`, else the centre of its scale. */
export function sampleConfiguration(space: SearchSpace): ParamValues {
  const values: Record<string, ParamValues[string]> = {};
  for (const name of parameterOrder(space) ?? Object.keys(space)) {
    const param = space[name]!;
    if (isActive(param, values)) values[name] = defaultValue(param);
  }
  return values;
}

/** The variables Tundra adds for a trial (docs/trial-protocol.md), POSIX paths. */
export function tundraVariables(params: ParamValues, trial: LaunchPreviewTrial): [string, string][] {
  const paramsJson = JSON.stringify(params);
  const variables: [string, string][] = [
    ['TUNDRA_PARAMS', paramsJson],
    ['TUNDRA_PARAMS_FILE', `${trial.dir}/${PARAMS_FILE_NAME}`],
    ['TUNDRA_TRIAL_ID', String(trial.id)],
    ['TUNDRA_TRIAL_NUMBER', String(trial.number)],
    ['TUNDRA_TRIAL_DIR', trial.dir],
    ['TUNDRA_CHECKPOINT_DIR', trial.checkpointDir],
    ['TUNDRA_CONTROL', 'stdin'],
    ['PYTHONPATH', trial.helperDir + (trial.inheritedPythonPath ? `:${trial.inheritedPythonPath}` : '')],
    ['PYTHONUNBUFFERED', '1'],
  ];
  if (trial.resuming) variables.push(['TUNDRA_RESUME', '1']);
  return variables;
}

export function previewLaunch(
  file: { readonly command: readonly string[]; readonly env: Readonly<Record<string, string>> },
  params: ParamValues,
  trial: LaunchPreviewTrial,
): LaunchPreview {
  const added = tundraVariables(params, trial);
  const addedNames = new Set(added.map(([name]) => name));
  // Tundra's variables win over the file's (prepareLaunch assigns them last).
  const own = Object.entries(file.env).filter(([name]) => !addedNames.has(name));
  return { argv: renderArgv(file.command, params), env: [...own, ...added] };
}
