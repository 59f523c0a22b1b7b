import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Experiment } from '../../shared/domain';
import { parseExperimentFile } from '../../shared/experiment-file';
import { experimentYaml, openTestBackend, type TestBackend } from '../support/backend';
import { repoRoot, tempDir } from '../support/paths';

/** Which interpreter `python3` in command[0] runs, end to end: the experiment's env decides, through real processes. */

const open: TestBackend[] = [];
afterEach(async () => {
  for (const backend of open.splice(0)) await backend.close();
});

const SYSTEM_PYTHON = '/usr/bin/python3';
// Prints the interpreter that runs it, then a result the default metric patterns read.
const WHO_AM_I = ['python3', '-c', 'import sys; print("interpreter:", sys.executable); print("val_loss: 0.5")'];

function create(env: Record<string, string>): { b: TestBackend; id: number } {
  const b = openTestBackend({ stopGraceMs: 500 });
  open.push(b);
  const yaml = experimentYaml({ command: WHO_AM_I, env });
  const parsed = parseExperimentFile(yaml);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const id = b.store.experiments.create({ spec: { ...parsed.value, workdir: repoRoot, search: { algorithm: 'random', seed: 1 } }, sourceYaml: yaml }, Date.now());
  return { b, id };
}

async function interpreterOfTheTrial(b: TestBackend, experiment: Experiment): Promise<string> {
  const done = await b.scheduler.whenFinished(experiment.id);
  expect(done.state).toBe('completed');
  const [trial] = b.store.trials.listByExperiment(experiment.id);
  return /^interpreter: (.*)$/m.exec(readFileSync(path.join(trial!.dir, 'stdout.log'), 'utf8'))?.[1] ?? '';
}

describe.skipIf(process.platform === 'win32' || !existsSync(SYSTEM_PYTHON))('the interpreter behind python3 in command[0]', () => {
  it("TUNDRA_PYTHON in the experiment's env is the interpreter its trials run", async () => {
    const { b, id } = create({ TUNDRA_PYTHON: SYSTEM_PYTHON });
    const started = b.scheduler.start(id);
    if (!started.ok) throw new Error(started.error.message);
    expect(await interpreterOfTheTrial(b, started.value)).toBe(SYSTEM_PYTHON);
  });

  it("an active virtualenv's python runs the trials, by its own path", async () => {
    const venv = tempDir('tundra-venv-');
    mkdirSync(path.join(venv, 'bin'));
    // The layout `python3 -m venv` makes: bin/python is a link to the base interpreter.
    symlinkSync(SYSTEM_PYTHON, path.join(venv, 'bin', 'python'));
    const { b, id } = create({ VIRTUAL_ENV: venv, TUNDRA_PYTHON: '' });
    const started = b.scheduler.start(id);
    if (!started.ok) throw new Error(started.error.message);
    expect(await interpreterOfTheTrial(b, started.value)).toBe(path.join(venv, 'bin', 'python'));
  });

  it('a TUNDRA_PYTHON that does not exist is refused at start, naming it, and nothing runs', () => {
    const { b, id } = create({ TUNDRA_PYTHON: '/nowhere/bin/python' });
    const started = b.scheduler.start(id);
    expect(started.ok).toBe(false);
    if (started.ok) return;
    expect(started.error.issues?.[0]).toEqual({ path: 'command[0]', message: expect.stringMatching(/^TUNDRA_PYTHON "\/nowhere\/bin\/python" was not found/) });
    expect(b.store.trials.listByExperiment(id)).toHaveLength(0);
  });
});
