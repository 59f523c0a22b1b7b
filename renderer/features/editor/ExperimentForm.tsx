import { useMemo } from 'react';
import { OBJECTIVE_MODES, POLICY_NAMES, SEARCH_ALGORITHMS } from '../../../shared/experiment-file';
import type { FieldIssue } from '../../../shared/result';
import { isAbsolutePath, workdirFor } from '../../lib/paths';
import { NativePickButton } from '../../ui/NativePickButton';
import { CommandEditor } from './CommandEditor';
import { MODE_LABELS, POLICY_EXPLANATIONS, SEARCHER_EXPLANATIONS } from './explanations';
import { FORM_FIELDS, readForm, setFormField, type FormField } from './form-model';
import { GpuSection } from './GpuSection';
import { LaunchPreviewBox } from './LaunchPreviewBox';
import { MetricPatternsSection } from './MetricPatternsSection';
import { SpaceEditor } from './SpaceEditor';
import { TextField } from './TextField';
import type { DocumentEdit } from './yaml-draft';

interface ExperimentFormProps {
  /** The draft as data, or null while its text does not parse (the form then waits, read-only). */
  readonly data: Readonly<Record<string, unknown>> | null;
  /** The parameters' names in file order (DraftRead.spaceKeys). */
  readonly spaceKeys: readonly string[];
  readonly baseDir: string;
  /** The file's validation issues (`budget.trials: must be ...`), shown at their fields. */
  readonly issues: readonly FieldIssue[];
  readonly apply: (edit: DocumentEdit) => void;
}

const EMPTY: Readonly<Record<string, unknown>> = {};
const NO_KEYS: readonly string[] = [];

function explained<T extends string>(value: string, explanations: Readonly<Record<T, string>>): string {
  return Object.hasOwn(explanations, value) ? explanations[value as T] : '';
}

/** Where the working-folder dialog opens: the workdir when absolute, else the base folder. */
function workdirStart(baseDir: string, workdir: string): string {
  return isAbsolutePath(workdir) ? workdir : baseDir;
}

/** The experiment file as a form; every field writes straight into the draft's YAML. */
export function ExperimentForm({ data, spaceKeys, baseDir, issues, apply }: ExperimentFormProps) {
  const shown = data ?? EMPTY;
  const form = useMemo(() => readForm(shown), [shown]);
  const disabled = data === null;
  const issueAt = (path: string): string | undefined => issues.find((issue) => issue.path === path)?.message;
  const text = (field: FormField) => ({
    value: form[field],
    error: issueAt(FORM_FIELDS[field].path.join('.')),
    onCommit: (value: string) => { apply((doc) => { setFormField(doc, field, value); }); },
  });
  const select = (field: FormField, value: string) => { apply((doc) => { setFormField(doc, field, value); }); };
  const policy = form.policy === '' ? 'none' : form.policy;
  const algorithm = form.algorithm === '' ? 'auto' : form.algorithm;

  return (
    <div className="experiment-form">
      <fieldset className="form-section" disabled={disabled}>
        <legend className="form-section__title">Run</legend>
        <div className="form-grid">
          <TextField id="form-name" label="Experiment name" placeholder="my-sweep" {...text('name')} />
          <TextField
            id="form-workdir"
            label="Working folder"
            mono
            placeholder="."
            hint="Where trials run, relative to the base folder."
            {...text('workdir')}
            action={<NativePickButton pick="folder" title="Working folder" current={workdirStart(baseDir, form.workdir)} onPicked={(folder) => { text('workdir').onCommit(workdirFor(baseDir, folder)); }} />}
          />
        </div>
        <CommandEditor command={form.command} issues={issues.filter((issue) => issue.path === 'command' || issue.path.startsWith('command['))} apply={apply} />
        <LaunchPreviewBox command={form.command} env={form.env} space={shown.space} workdir={form.workdir} baseDir={baseDir} />
      </fieldset>

      <fieldset className="form-section" disabled={disabled}>
        <legend className="form-section__title">Objective and searcher</legend>
        <div className="form-grid">
          <TextField id="form-metric" label="Objective metric" mono placeholder="val_loss" {...text('metric')} />
          <div className="field">
            <label htmlFor="form-mode" className="field-label">
              Direction
            </label>
            <select id="form-mode" className="select" value={form.mode} onChange={(event) => { select('mode', event.target.value); }}>
              {form.mode === '' && <option value="">choose…</option>}
              {OBJECTIVE_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {MODE_LABELS[mode]}
                </option>
              ))}
            </select>
          </div>
          <div className="field field--span">
            <label htmlFor="form-searcher" className="field-label">
              Searcher
            </label>
            <select id="form-searcher" className="select" value={algorithm} aria-describedby="form-searcher-hint" onChange={(event) => { select('algorithm', event.target.value); }}>
              {SEARCH_ALGORITHMS.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
            <p id="form-searcher-hint" className="hint">
              {explained(algorithm, SEARCHER_EXPLANATIONS)}
            </p>
          </div>
          <TextField id="form-seed" label="Seed" mono placeholder="random" hint="Fix it to repeat the same configurations." {...text('seed')} />
          <TextField id="form-repeats" label="Repeats" mono placeholder="1" hint="Runs of each configuration (noisy objectives)." {...text('repeats')} />
          {algorithm === 'grid' && <TextField id="form-grid-points" label="Grid points" mono placeholder="5" hint="Points per numeric range without values, ends included." {...text('gridPoints')} />}
        </div>
      </fieldset>

      <fieldset className="form-section" disabled={disabled}>
        <legend className="form-section__title">Budget</legend>
        <div className="form-grid form-grid--three">
          <TextField id="form-trials" label="Trials" mono inputMode="numeric" placeholder="20" {...text('trials')} />
          <TextField id="form-parallel" label="In parallel" mono inputMode="numeric" placeholder="1" {...text('parallel')} />
          <TextField id="form-max-steps" label="Steps in all" mono inputMode="numeric" placeholder="no limit" {...text('maxSteps')} />
          <TextField id="form-max-wall-time" label="Wall time" mono placeholder="e.g. 2h" {...text('maxWallTime')} />
          <TextField id="form-max-trial-time" label="Trial time in all" mono placeholder="e.g. 8h" {...text('maxTrialTime')} />
          <TextField id="form-trial-timeout" label="Trial timeout" mono placeholder="e.g. 30m" {...text('trialTimeout')} />
        </div>
        <p className="hint">Durations are seconds (90) or with a unit: 90s, 30m, 2h, 1d. The experiment ends at the first limit reached.</p>
      </fieldset>

      <GpuSection data={shown} form={form} issues={issues} disabled={disabled} text={text} apply={apply} />

      <fieldset className="form-section" disabled={disabled}>
        <legend className="form-section__title">Policy</legend>
        <div className="form-grid form-grid--three">
          <div className="field field--span">
            <label htmlFor="form-policy" className="field-label">
              Policy
            </label>
            <select id="form-policy" className="select" value={policy} aria-describedby="form-policy-hint" onChange={(event) => { select('policy', event.target.value); }}>
              {POLICY_NAMES.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
            <p id="form-policy-hint" className="hint">
              {explained(policy, POLICY_EXPLANATIONS)}
            </p>
          </div>
          <TextField id="form-resource-min" label="Resource min (steps)" mono placeholder="1" {...text('resourceMin')} />
          <TextField id="form-resource-max" label="Resource max (steps)" mono placeholder={policy === 'none' ? 'optional' : 'required, e.g. 50'} hint="A trial is done once it reports this step." {...text('resourceMax')} />
          {(policy === 'asha' || policy === 'hyperband') && (
            <>
              <TextField id="form-eta" label="eta" mono placeholder="3" hint="Rungs at min·etaᵏ; the top 1/eta go on." {...text('eta')} />
              <div className="field">
                <label htmlFor="form-variant" className="field-label">
                  Variant
                </label>
                <select id="form-variant" className="select" value={form.variant} aria-describedby="form-variant-hint" onChange={(event) => { select('variant', event.target.value); }}>
                  <option value="">stopping (default)</option>
                  <option value="stopping">stopping</option>
                  <option value="promotion">promotion</option>
                </select>
                <p id="form-variant-hint" className="hint">
                  {form.variant === 'promotion' ? 'Freezes each trial at its rung and thaws the best: scripts that checkpoint.' : 'Stops a trial not in the top 1/eta at a rung: any script.'}
                </p>
              </div>
            </>
          )}
          {policy === 'hyperband' && <TextField id="form-brackets" label="Brackets" mono placeholder="as many as fit" {...text('brackets')} />}
          {policy === 'median' && (
            <>
              <TextField id="form-warmup-steps" label="Warm-up steps" mono placeholder="5% of max" {...text('warmupSteps')} />
              <TextField id="form-min-trials" label="Min trials" mono placeholder="3" hint="Others that must have reached the step." {...text('minTrials')} />
            </>
          )}
        </div>
      </fieldset>

      <fieldset className="form-section" disabled={disabled}>
        <SpaceEditor data={shown} spaceKeys={data === null ? NO_KEYS : spaceKeys} apply={apply} />
      </fieldset>

      <MetricPatternsSection form={form} section={shown.metrics} disabled={disabled} apply={apply} />
    </div>
  );
}
