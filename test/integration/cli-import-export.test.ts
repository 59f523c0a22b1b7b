import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { hasOptuna, writeOptunaStudies } from '../support/optuna';
import { repoRoot, tempDir, trainerFixture } from '../support/paths';

const cli = path.join(repoRoot, 'dist', 'main', 'cli.cjs');

beforeAll(() => {
  // The CLI is tested as users run it: the built bundle.
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--quiet'], { cwd: repoRoot });
});

/** Asynchronous, so the test worker stays responsive while runs take their time. */
function tundra(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}


/** The words a POSIX shell makes of a line. */
const shellWords = (line: string) => spawnSync('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' }).stdout.split('\0').slice(0, -1);

const SWEEP = `
program: trainer.py
name: imported-sweep
method: random
metric: {name: val_loss, goal: minimize, target: 0.01}
run_cap: 3
parameters:
  scale: {min: 0.5, max: 2.0}
  label: {values: ['adam w', "it's", 'a,b']}
  steps: {value: 3}
  sleep: {value: 0.01}
`;

describe('tundra import (W&B sweep) and export', () => {
  it('turns a sweep into an experiment file that runs, then exports its trials in every format', async () => {
    const dir = tempDir();
    copyFileSync(trainerFixture, path.join(dir, 'trainer.py'));
    writeFileSync(path.join(dir, 'sweep.yaml'), SWEEP);
    mkdirSync(path.join(dir, 'tundra'));
    const experimentFile = path.join(dir, 'tundra', 'experiment.yaml');

    const imported = await tundra(['import', path.join(dir, 'sweep.yaml'), '--out', experimentFile]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/dropped\s+metric\.target: Tundra runs to its budget/);
    const file = parseYaml(readFileSync(experimentFile, 'utf8')) as { workdir: string; command: string[] };
    // Saved one folder down: the workdir still points at the sweep's program.
    expect(file.workdir).toBe('..');
    expect(file.command).toEqual(['python3', 'trainer.py', '--scale={scale}', '--label={label}', '--steps={steps}', '--sleep={sleep}']);

    const db = path.join(dir, 'tundra.db');
    const run = (await tundra(['run', experimentFile, '--db', db]));
    expect(run.stdout).toMatch(/Experiment 1 "imported-sweep" completed\./);

    const results = JSON.parse((await tundra(['export', '1', '--format', 'results-json', '--db', db])).stdout) as {
      best: { trial: number; params: Record<string, number | string> };
      trials: { trial: number; params: Record<string, number | string> }[];
    };
    expect(results.trials).toHaveLength(3);
    const best = results.best.params;
    expect(JSON.parse((await tundra(['export', '1', '--format', 'json', '--db', db])).stdout)).toEqual(best);

    // args and hydra read back through a real shell as the trial's values.
    const second = results.trials[1]!.params;
    const args = shellWords((await tundra(['export', '1', '--format', 'args', '--trial', '2', '--db', db])).stdout.trimEnd());
    expect(args).toEqual(Object.entries(second).flatMap(([name, value]) => [`--${name}`, String(value)]));
    const hydra = shellWords((await tundra(['export', '1', '--format', 'hydra', '--db', db])).stdout.trimEnd());
    expect(hydra[0]).toBe(`scale=${best.scale}`);
    const env = (await tundra(['export', '1', '--format', 'env', '--trial', '1', '--db', db])).stdout;
    expect(env).toMatch(/^SCALE=[\d.e+-]+\nLABEL=/);

    const csv = (await tundra(['export', 'imported-sweep', '--format', 'csv', '--out', path.join(dir, 'trials.csv'), '--db', db]));
    expect(csv.code).toBe(0);
    const lines = readFileSync(path.join(dir, 'trials.csv'), 'utf8').split('\r\n');
    // The parameter `steps` keeps its own column beside the steps each trial reported.
    expect(lines[0]).toBe('trial,state,scale,label,param.steps,sleep,val_loss,steps,started_at,ended_at,duration_s,message');
    expect(lines.filter((line) => /^\d+,completed,/.test(line))).toHaveLength(3);

    // The exported experiment file runs again (same seed, same trials).
    const again = path.join(dir, 'tundra', 'again.yaml');
    expect((await tundra(['export', '1', '--format', 'experiment', '--out', again, '--db', db])).code).toBe(0);
    const rerun = (await tundra(['run', again, '--db', db]));
    expect(rerun.stdout).toMatch(/Experiment 2 "imported-sweep" completed\./);
    const rerunTrials = (JSON.parse((await tundra(['export', '2', '--format', 'results-json', '--db', db])).stdout) as typeof results).trials;
    expect(rerunTrials.map((t) => t.params)).toEqual(results.trials.map((t) => t.params));
  }, 120_000);

  it('names the flag or field in every refusal', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'empty.db');
    expect((await tundra(['export', '1', '--format', 'json', '--trial', 'x', '--db', db])).stderr).toMatch(/--trial must be a trial number/);
    expect((await tundra(['export', '1', '--format', 'csv', '--trial', '2', '--db', db])).stderr).toMatch(/--trial applies to json, yaml, args, env, hydra; --format csv covers the whole experiment/);
    writeFileSync(path.join(dir, 'bad.yaml'), 'method: random\nparameters: {a: {values: [1]}}\nprogram: t.py\n');
    const bad = (await tundra(['import', path.join(dir, 'bad.yaml')]));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/metric\.name: Tundra needs the metric to optimise/);
    expect((await tundra(['import', path.join(dir, 'bad.yaml'), '--study', 's'])).stderr).toMatch(/--study is for Optuna studies; add --optuna/);
    expect((await tundra(['import', db, '--db', path.join(dir, 'other.db')])).stderr).toMatch(/(no such file|is an SQLite database; to import an Optuna study add --optuna)/);
  });

  it.skipIf(!hasOptuna)('imports an Optuna study with --optuna and --study, then exports its best trial', async () => {
    const dir = tempDir();
    const studyFile = path.join(dir, 'study.db');
    const optuna = JSON.parse(await writeOptunaStudies(studyFile)) as Record<string, { best_value: number; best_number: number; trials: { number: number; params: Record<string, unknown> }[] }>;
    const db = path.join(dir, 'tundra.db');
    const ambiguous = (await tundra(['import', studyFile, '--optuna', '--db', db]));
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/holds 3 studies: "min-study", "max-study", "two-objectives"/);
    const imported = (await tundra(['import', studyFile, '--optuna', '--study', 'max-study', '--db', db]));
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/as experiment 1 "max-study" \(read-only\)/);
    const expected = optuna['max-study']!;
    expect(imported.stdout).toContain(`Best: trial ${expected.best_number + 1}`);
    const best = JSON.parse((await tundra(['export', 'max-study', '--format', 'json', '--db', db])).stdout) as unknown;
    expect(best).toEqual(expected.trials.find((t) => t.number === expected.best_number)!.params);
    expect(existsSync(studyFile)).toBe(true);
    expect((await tundra(['list', '--db', db])).stdout).toMatch(/1 {2}max-study\s+completed .*\(imported, read-only\)/);
    const resume = (await tundra(['resume', '1', '--db', db]));
    expect(resume.code).toBe(2);
    expect(resume.stderr).toMatch(/read-only and cannot be started/);
  }, 120_000);
});
