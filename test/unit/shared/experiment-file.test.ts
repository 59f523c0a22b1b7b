import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExperimentFile } from '../../../shared/experiment-file';
import { quickstartDir } from '../../support/paths';

const GOOD = `
name: quickstart
command: ["python3", "train.py", "--lr={lr}", "--hidden={hidden}"]
workdir: .
env: {}
objective: {metric: val_loss, mode: min}
space:
  lr:         {type: float, low: 1.0e-4, high: 1.0, log: true}
  hidden:     {type: int, low: 8, high: 256, log: true}
  activation: {type: categorical, choices: [relu, tanh]}
search: {algorithm: random, seed: 1}
budget: {trials: 20, parallel: 2}
`;

function issuesOf(text: string): string[] {
  const result = parseExperimentFile(text);
  if (result.ok) throw new Error('expected the file to be refused');
  return (result.error.issues ?? []).map((issue) => `${issue.path}: ${issue.message}`);
}

describe('experiment file', () => {
  it('accepts the documented example and fills defaults', () => {
    const result = parseExperimentFile(GOOD);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.space.lr).toEqual({ type: 'float', low: 1e-4, high: 1, log: true });
    expect(result.value.budget).toEqual({ trials: 20, parallel: 2 });
    const minimal = parseExperimentFile(
      'name: m\ncommand: [python3, t.py]\nobjective: {metric: loss, mode: min}\nspace: {x: {type: float, low: 0, high: 1}}\nbudget: {trials: 3}\n',
    );
    expect(minimal.ok && minimal.value).toMatchObject({ workdir: '.', env: {}, search: { algorithm: 'auto' }, budget: { parallel: 1 } });
  });

  it('accepts the shipped quickstart experiment', () => {
    expect(parseExperimentFile(readFileSync(path.join(quickstartDir, 'experiment.yaml'), 'utf8')).ok).toBe(true);
  });

  it('names the field and the fix for a log scale that starts at zero', () => {
    expect(issuesOf(GOOD.replace('low: 1.0e-4', 'low: 0'))).toEqual([expect.stringMatching(/^space\.lr: low must be > 0 when log is true/)]);
  });

  it('refuses low >= high, empty choices, fractional int bounds and repeated choices', () => {
    expect(issuesOf(GOOD.replace('low: 8, high: 256', 'low: 300, high: 256'))).toEqual(['space.hidden: low (300) must be < high (256)']);
    expect(issuesOf(GOOD.replace('choices: [relu, tanh]', 'choices: []'))).toEqual(['space.activation.choices: needs at least one choice']);
    expect(issuesOf(GOOD.replace('low: 8, high: 256', 'low: 8.5, high: 256'))).toEqual(['space.hidden.low: must be a whole number']);
    expect(issuesOf(GOOD.replace('choices: [relu, tanh]', 'choices: [relu, relu]'))).toEqual(['space.activation: choices must not repeat']);
  });

  it('refuses an unknown parameter type, a placeholder that is not a parameter, and misspelt fields', () => {
    expect(issuesOf(GOOD.replace('type: categorical', 'type: choice'))[0]).toMatch(/^space\.activation.*float, int, categorical/);
    expect(issuesOf(GOOD.replace('--lr={lr}', '--lr={lrr}'))).toEqual([expect.stringMatching(/^command\[2\]: \{lrr\} is not a parameter of space; use one of \{lr\}/)]);
    expect(issuesOf(GOOD.replace('budget:', 'budjet:'))).toEqual(
      expect.arrayContaining(['budget: is required', expect.stringMatching(/^\(file\): unknown field budjet/)]),
    );
  });

  it('refuses a command given as a string, a bad mode and a zero budget', () => {
    expect(issuesOf(GOOD.replace(/command: .*/, 'command: python3 train.py'))[0]).toMatch(/^command: must be a list of arguments/);
    expect(issuesOf(GOOD.replace('mode: min', 'mode: minimise'))).toEqual(['objective.mode: must be min or max']);
    expect(issuesOf(GOOD.replace('trials: 20', 'trials: 0'))).toEqual(['budget.trials: must be at least 1']);
  });

  it('reports YAML syntax errors and non-mapping documents without throwing', () => {
    const broken = parseExperimentFile('name: [unclosed');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error.message).toMatch(/not valid YAML/);
    const list = parseExperimentFile('- a\n- b\n');
    expect(list.ok).toBe(false);
    if (!list.ok) expect(list.error.message).toMatch(/must be a YAML mapping/);
  });
});
