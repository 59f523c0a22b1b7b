import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareLaunch } from '../../../main/scheduler/trial-launch';
import type { Trial } from '../../../shared/domain';
import { parseExperimentFile, type ExperimentSpec } from '../../../shared/experiment-file';
import { previewLaunch, sampleConfiguration } from '../../../shared/launch-preview';

function specFrom(yaml: string, workdir: string): ExperimentSpec {
  const parsed = parseExperimentFile(yaml);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { ...parsed.value, workdir, search: { ...parsed.value.search, seed: 1 } };
}

const YAML = `
name: preview
command: ["${process.execPath}", "train.py", "--opt={opt}", "--momentum={momentum}", "--lr={lr}"]
env: {DATA: /data, TUNDRA_TRIAL_ID: "shadowed"}
objective: {metric: loss, mode: min}
space:
  opt: {type: categorical, choices: [adam, sgd], default: sgd}
  momentum: {type: float, low: 0.5, high: 0.99, when: {opt: sgd}}
  lr: {type: float, low: 0.0001, high: 1, log: true}
budget: {trials: 3}
`;

describe('launch preview', () => {
  it('gives the argv and the environment prepareLaunch gives a trial with the same params', () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'tundra-preview-'));
    const spec = specFrom(YAML, base);
    const params = sampleConfiguration(spec.space);
    const trial = { id: 7, number: 3, params, dir: path.join(base, 'trial-3'), checkpointDir: path.join(base, 'trial-3', 'ckpt') } as Trial;
    const launched = prepareLaunch(spec, trial, { helperDir: '/opt/helper', baseEnv: { PYTHONPATH: '/site', HOME: '/home/me' } });
    if (!launched.ok) throw new Error(launched.message);

    const preview = previewLaunch(spec, params, { ...trial, helperDir: '/opt/helper', inheritedPythonPath: '/site' });
    expect(preview.argv).toEqual(launched.options.argv);
    const { HOME: _home, ...added } = launched.options.env;
    expect(Object.fromEntries(preview.env)).toEqual(added);
    expect(preview.env.map(([name]) => name)).not.toContain('HOME');
  });

  it('samples each active parameter at its default or the centre of its scale, leaving out inactive ones', () => {
    const spec = specFrom(YAML, '/tmp');
    expect(sampleConfiguration(spec.space)).toEqual({ opt: 'sgd', momentum: 0.745, lr: expect.closeTo(0.01, 10) });
    const adam = sampleConfiguration({ ...spec.space, opt: { type: 'categorical', choices: ['adam', 'sgd'], default: 'adam' } });
    expect(adam).not.toHaveProperty('momentum');
    const { argv } = previewLaunch(spec, adam, { id: 1, number: 1, dir: '/t', checkpointDir: '/t/c', helperDir: '/h' });
    expect(argv.slice(0, 3)).toEqual([process.execPath, 'train.py', '--opt=adam']);
    expect(argv[3]).toMatch(/^--lr=0\.0100000/);
    expect(argv).toHaveLength(4);
  });
});
