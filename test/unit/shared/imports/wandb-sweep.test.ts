import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { convertWandbSweep } from '../../../../shared/imports/wandb-sweep';
import { parseExperimentFile } from '../../../../shared/experiment-file';

function convert(yaml: string) {
  const result = convertWandbSweep(yaml, { fallbackName: 'sweep-file' });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const fields = (report: readonly { field: string; action: string }[], action: string) => report.filter((item) => item.action === action).map((item) => item.field);

const FULL = `
program: train.py
name: mnist
method: bayes
metric: {name: val_loss, goal: minimize, target: 0.1}
run_cap: 40
entity: me
project: mnist
parameters:
  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}
  lr_e: {distribution: log_uniform, min: -9.21, max: -2.3}
  batch_size: {values: [16, 32, 64]}
  epochs: {value: 10}
  dropout: {min: 0.0, max: 0.5}
  layers: {min: 1, max: 4}
  width: {distribution: q_uniform, min: 32, max: 256, q: 32}
  wd: {distribution: normal, mu: 0.01, sigma: 0.002}
  decay: {distribution: inv_log_uniform_values, min: 0.001, max: 0.1}
  augment: {values: [true, false]}
  optimizer: {values: [adam, sgd], probabilities: [0.7, 0.3]}
  model:
    parameters:
      hidden: {values: [64, 128]}
      act: {value: relu}
early_terminate: {type: hyperband, min_iter: 3, eta: 3, s: 2}
command: ['\${env}', '\${interpreter}', '\${program}', '--fixed', '{x}', '\${args}']
`;

describe('W&B sweep import', () => {
  const { file, yaml, report } = convert(FULL);

  it('makes a valid experiment file with the metric, method and budget carried over', () => {
    expect(parseExperimentFile(yaml).ok).toBe(true);
    expect(file.name).toBe('mnist');
    expect(file.objective).toEqual({ metric: 'val_loss', mode: 'min' });
    expect(file.search.algorithm).toBe('gp');
    expect(file.budget.trials).toBe(40);
  });

  it('maps each distribution onto the nearest Tundra parameter', () => {
    expect(file.space.lr).toEqual({ type: 'float', low: 0.0001, high: 0.1, log: true });
    // log_uniform takes natural-log bounds.
    expect(file.space.lr_e).toMatchObject({ type: 'float', log: true, low: Math.exp(-9.21), high: Math.exp(-2.3) });
    expect(file.space.batch_size).toEqual({ type: 'categorical', choices: [16, 32, 64] });
    expect(file.space.epochs).toEqual({ type: 'fixed', value: 10 });
    // 0.0 and 0.5 are floats in W&B's Python: uniform, not int_uniform.
    expect(file.space.dropout).toEqual({ type: 'float', low: 0, high: 0.5, log: false });
    expect(file.space.layers).toEqual({ type: 'int', low: 1, high: 4, log: false });
    expect(file.space.width).toEqual({ type: 'int', low: 32, high: 256, log: false, step: 32 });
    expect(file.space.wd).toMatchObject({ type: 'float', low: 0.01 - 0.004, high: 0.01 + 0.004 });
    expect(file.space.decay).toEqual({ type: 'float', low: 0.001, high: 0.1, log: true });
    expect(file.space.augment).toEqual({ type: 'bool' });
    expect(file.space.optimizer).toEqual({ type: 'categorical', choices: ['adam', 'sgd'] });
    expect(file.space['model.hidden']).toEqual({ type: 'categorical', choices: [64, 128] });
    expect(file.space['model.act']).toEqual({ type: 'fixed', value: 'relu' });
  });

  it('expands the command macros into argv placeholders, braces in literal words escaped', () => {
    expect(file.command.slice(0, 4)).toEqual(['python3', 'train.py', '--fixed', '{{x}}']);
    expect(file.command.slice(4)).toContain('--lr={lr}');
    expect(file.command.slice(4)).toContain('--model.hidden={model.hidden}');
    expect(file.command).toHaveLength(4 + Object.keys(file.space).length);
  });

  it('turns hyperband into ASHA stopping on the same rungs', () => {
    expect(file.policy).toEqual({ name: 'asha', eta: 3, variant: 'stopping' });
    expect(file.resource).toEqual({ metric: 'step', min: 3, max: 27 });
  });

  it('reports every field not carried over exactly, by its W&B name', () => {
    expect(fields(report, 'dropped')).toEqual(expect.arrayContaining(['entity', 'project', 'metric.target', 'parameters.optimizer.probabilities']));
    expect(fields(report, 'approximated')).toEqual(expect.arrayContaining(['parameters.wd.distribution', 'parameters.model.parameters', 'early_terminate']));
    // The report also heads the file, as comments.
    expect(yaml).toMatch(/^# Imported from a W&B sweep/);
    expect(yaml).toMatch(/#\s+dropped\s+metric\.target:/);
    expect(parseYaml(yaml)).toMatchObject({ name: 'mnist' });
  });

  it('uses W&B\'s default command and a grid-sized budget', () => {
    const grid = convert(`
program: train.py
method: grid
metric: {name: acc, goal: maximize}
parameters:
  a: {values: [1, 2, 3]}
  b: {values: [x, y]}
  c: {min: 1, max: 4}
`);
    expect(grid.file.command).toEqual(['python3', 'train.py', '--a={a}', '--b={b}', '--c={c}']);
    expect(grid.file.objective.mode).toBe('max');
    expect(grid.file.budget.trials).toBe(24);
    expect(grid.file.name).toBe('sweep-file');
  });

  it('handles args_no_hyphens, args_json and drops unknown macros with a report', () => {
    const result = convert(`
method: random
metric: {name: loss}
parameters:
  lr: {min: 0.1, max: 1.0}
  opt: {values: [adam, sgd]}
command: [python3, app.py, '\${args_no_hyphens}', '\${args_json}', '\${args_json_file}']
`);
    expect(result.file.command).toEqual(['python3', 'app.py', 'lr={lr}', 'opt={opt}', '{{"lr": {lr}, "opt": "{opt}"}}']);
    expect(fields(result.report, 'dropped')).toContain('command[4]');
    expect(result.file.budget.trials).toBe(20);
  });

  it('reads q_log_uniform_values, inv_log_uniform and log_normal on the right scales', () => {
    const { file: f } = convert(`
method: random
metric: {name: loss}
program: t.py
parameters:
  units: {distribution: q_log_uniform_values, min: 16, max: 512, q: 16}
  inv: {distribution: inv_log_uniform, min: 1, max: 5}
  ln: {distribution: log_normal, mu: 0, sigma: 1}
  iu: {distribution: int_uniform, min: 2, max: 9}
`);
    expect(f.space.units).toEqual({ type: 'int', low: 16, high: 512, log: true, step: 16 });
    expect(f.space.inv).toMatchObject({ type: 'float', log: true, low: Math.exp(-5), high: Math.exp(-1) });
    expect(f.space.ln).toMatchObject({ type: 'float', log: true, low: Math.exp(-2), high: Math.exp(2) });
    expect(f.space.iu).toEqual({ type: 'int', low: 2, high: 9, log: false });
  });

  it('refuses what cannot become an experiment, naming the W&B field and the fix', () => {
    const error = (yaml: string) => {
      const result = convertWandbSweep(yaml);
      return result.ok ? 'converted' : result.error.message;
    };
    expect(error('method: random\nparameters: {a: {values: [1]}}\nprogram: t.py')).toMatch(/^metric\.name: Tundra needs the metric/);
    expect(error('method: evolve\nmetric: {name: l}\nparameters: {a: {values: [1]}}\nprogram: t.py')).toMatch(/^method: "evolve" is not a W&B method/);
    expect(error('method: random\nmetric: {name: l}\nparameters: {a: {distribution: zipf, min: 1, max: 2}}\nprogram: t.py')).toMatch(/^parameters\.a\.distribution: unknown distribution "zipf"/);
    expect(error('method: random\nmetric: {name: l}\nparameters: {a: {values: [1]}}')).toMatch(/^program: is required/);
    expect(error('method: random\nmetric: {name: l}\nparameters: {a: {distribution: int_uniform, min: 0.5, max: 2}}\nprogram: t.py')).toMatch(/^parameters\.a\.min: int_uniform needs whole numbers/);
    expect(error('[1, 2]')).toMatch(/is a YAML mapping/);
    expect(error('method: random\n  bad: [')).toMatch(/not valid YAML/);
  });
});
