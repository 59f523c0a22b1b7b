import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { repoRoot, tempDir, trainerFixture } from '../support/paths';
import { experimentYaml } from '../support/backend';

const cli = path.join(repoRoot, 'dist', 'main', 'cli.cjs');

beforeAll(() => {
  // The CLI is tested as users run it: the built bundle.
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--quiet'], { cwd: repoRoot });
});

function tundra(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('tundra CLI', () => {
  it('runs an experiment file to its budget with progress, prints the best config, lists and exports it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'experiment.yaml');
    writeFileSync(
      file,
      experimentYaml({
        name: 'cli-check',
        command: ['python3', trainerFixture, '--steps=3', '--sleep=0.01', '--scale={x}'],
        space: { x: { type: 'float', low: 0.5, high: 2, log: false } },
        budget: { trials: 3, parallel: 2 },
      }),
    );
    const db = path.join(dir, 'cli.db');
    const run = tundra(['run', file, '--db', db]);
    expect(run.stderr).toMatch(/\[#+\] 3\/3 trials {2}0 running {2}best val_loss \S+ {2}elapsed \d+:\d\d/);
    expect(run.stdout).toMatch(/Experiment 1 "cli-check" completed\.\nBest: trial \d with val_loss = \S+\n {2}x: [\d.]+/);
    expect(run.code).toBe(0);

    // TUNDRA_DB selects the same database as --db.
    const list = tundra(['list'], { TUNDRA_DB: db });
    expect(list.stdout).toMatch(/1 {2}cli-check\s+completed\s+3\/3\s+best val_loss=/);

    const json = JSON.parse(tundra(['export', 'cli-check', '--format', 'results-json', '--db', db]).stdout) as { trials: unknown[]; best: { params: { x: number } } };
    expect(json.trials).toHaveLength(3);
    const out = path.join(dir, 'export.yaml');
    expect(tundra(['export', '1', '--format', 'results-yaml', '--out', out, '--db', db]).code).toBe(0);
    const yaml = parseYaml(readFileSync(out, 'utf8')) as typeof json;
    expect(yaml.best.params.x).toBe(json.best.params.x);
    // The best configuration by default, any trial with --trial.
    expect(JSON.parse(tundra(['export', '1', '--format', 'json', '--db', db]).stdout)).toEqual({ x: json.best.params.x });
    expect(tundra(['export', '1', '--format', 'args', '--trial', '2', '--db', db]).stdout).toMatch(/^--x [\d.e+-]+\n$/);
  });

  it('refuses a broken experiment file with the field and the fix, and stores nothing', () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, experimentYaml({ command: ['python3', 'x.py'], space: { lr: { type: 'float', low: 0, high: 1, log: true } } }));
    const run = tundra(['run', file, '--db', path.join(dir, 'bad.db')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/space\.lr: low must be > 0 when log is true/);
    expect(tundra(['list', '--db', path.join(dir, 'bad.db')]).stdout).toMatch(/No experiments yet/);
  });

  it('explains unknown commands and missing arguments', () => {
    expect(tundra(['frobnicate']).stderr).toMatch(/Unknown command "frobnicate"/);
    expect(tundra(['export', '1', '--db', path.join(tempDir(), 'x.db')]).stderr).toMatch(/--format must be one of json, yaml, args, env, hydra, csv, experiment, results-json, results-yaml/);
    expect(tundra(['--help']).stdout).toMatch(/tundra run FILE/);
  });
});
