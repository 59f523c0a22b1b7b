import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { exportExperiment } from '../../../../main/exports';
import { EXPORT_FORMATS } from '../../../../shared/export-formats';
import { parseExperimentFile } from '../../../../shared/experiment-file';
import { experiment, trial } from './fixtures';

const trials = [
  trial(1, { lr: 0.001, 'model.hidden': 64, optimizer: 'sgd', momentum: 0.9, augment: true }, { value: 0.4 }),
  trial(2, { lr: 1e-12, 'model.hidden': 128, optimizer: 'adam w', augment: false }, { value: 0.2 }),
  trial(3, {}, { state: 'failed', value: null }),
];
const finished = experiment({ best: { trialId: 102, number: 2, value: 0.2, params: trials[1]!.params } });

function content(format: (typeof EXPORT_FORMATS)[number], options = {}) {
  const result = exportExperiment(finished, trials, format, options);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('exports', () => {
  it('describes the best trial by default, in the space order', () => {
    expect(JSON.parse(content('json').content)).toEqual({ lr: 1e-12, 'model.hidden': 128, optimizer: 'adam w', augment: false });
    expect(Object.keys(JSON.parse(content('json').content) as object)).toEqual(['lr', 'model.hidden', 'optimizer', 'augment']);
    expect(parseYaml(content('yaml').content)).toEqual({ lr: 1e-12, 'model.hidden': 128, optimizer: 'adam w', augment: false });
    expect(content('args').content).toBe("--lr 1e-12 --model.hidden 128 --optimizer 'adam w' --augment false\n");
    expect(content('env').content).toBe("LR=1e-12\nMODEL_HIDDEN=128\nOPTIMIZER='adam w'\nAUGMENT=false\n");
    // optimizer='adam w' (Hydra's quotes), then in a shell's single quotes.
    expect(content('hydra').content).toBe(`lr=1e-12 model.hidden=128 'optimizer='\\''adam w'\\''' augment=false\n`);
    expect(content('json').fileName).toBe('mnist-sweep-v2-trial-2.json');
  });

  it('describes a chosen trial, with its conditional parameter', () => {
    expect(content('hydra', { trialNumber: 1 }).content).toBe('lr=0.001 model.hidden=64 optimizer=sgd momentum=0.9 augment=true\n');
  });

  it('names the flag when the chosen trial does not exist or has no parameters', () => {
    const missing = exportExperiment(finished, trials, 'json', { trialNumber: 9, trialField: '--trial' });
    expect(missing.ok || missing.error.message).toMatch(/^--trial 9: experiment "mnist sweep\/v2" has no trial 9; its trials are 1 to 3/);
    const empty = exportExperiment(finished, trials, 'env', { trialNumber: 3, trialField: '--trial' });
    expect(empty.ok || empty.error.message).toMatch(/^--trial 3: trial 3 has no parameters/);
  });

  it('says there is no best trial yet, and how to choose one', () => {
    const none = exportExperiment(experiment(), trials, 'args', { trialField: '--trial' });
    expect(none.ok || none.error.message).toMatch(/no trial that ran to the end with a val_loss value yet.*choose one with --trial N/);
    // The experiment-wide formats need no trial.
    expect(exportExperiment(experiment(), trials, 'csv').ok).toBe(true);
  });

  it('exports the experiment file that reproduces it: valid, with the seed fixed', () => {
    const file = content('experiment');
    expect(file.content).toMatch(/^# Exported by Tundra from experiment 3/);
    const parsed = parseExperimentFile(file.content);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.value.search.seed).toBe(7);
    expect(parsed.value.space).toEqual(finished.spec.space);
  });

  it('keeps the whole record as results-json and results-yaml', () => {
    const json = JSON.parse(content('results-json').content) as { best: { trial: number }; trials: unknown[] };
    expect(json.best.trial).toBe(2);
    expect(json.trials).toHaveLength(3);
    expect(parseYaml(content('results-yaml').content)).toEqual(json);
  });

  it('marks in results-json a trial a policy stopped early, and only that one', () => {
    const withEarly = [...trials, trial(4, { lr: 0.01, 'model.hidden': 8, optimizer: 'sgd', augment: true }, { value: 0.1, lastStep: 3, stoppedEarly: true })];
    const result = exportExperiment(finished, withEarly, 'results-json', {});
    if (!result.ok) throw new Error(result.error.message);
    const json = JSON.parse(result.value.content) as { best: { trial: number }; trials: { trial: number; stoppedEarly?: boolean; steps: number }[] };
    expect(json.trials.filter((t) => 'stoppedEarly' in t)).toEqual([expect.objectContaining({ trial: 4, stoppedEarly: true, steps: 3 })]);
  });

  it('produces every format it lists', () => {
    for (const format of EXPORT_FORMATS) expect(exportExperiment(finished, trials, format).ok).toBe(true);
  });
});
