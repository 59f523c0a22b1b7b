import { afterEach, describe, expect, it } from 'vitest';
import type { ApiArgs, ApiResult, Channel } from '../../shared/api';
import type { Experiment } from '../../shared/domain';
import { parseExperimentFile } from '../../shared/experiment-file';
import { experimentYaml, openTestBackend, waitFor, type TestBackend } from '../support/backend';
import { checkpointingTrainer, repoRoot, trainerFixture } from '../support/paths';

/** `trials/checkpoint`: the trial page's "is there a checkpoint" line, with real processes. */

const open: TestBackend[] = [];
afterEach(async () => {
  for (const backend of open.splice(0)) await backend.close();
});

function start(b: TestBackend, command: string[]): Experiment {
  const yaml = experimentYaml({ command });
  const parsed = parseExperimentFile(yaml);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const id = b.store.experiments.create({ spec: { ...parsed.value, workdir: repoRoot, search: { algorithm: 'random', seed: 1 } }, sourceYaml: yaml }, Date.now());
  const started = b.scheduler.start(id);
  if (!started.ok) throw new Error(started.error.message);
  return started.value;
}

async function call<K extends Channel>(b: TestBackend, channel: K, args: ApiArgs<K>): Promise<ApiResult<K>> {
  const reply = await b.dispatch(channel, args);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
  return reply.value as ApiResult<K>;
}

describe.skipIf(process.platform === 'win32')('trials/checkpoint', () => {
  it('says a checkpoint exists once a script using the helper was frozen, and not before', async () => {
    const b = openTestBackend({ stopGraceMs: 500 });
    open.push(b);
    const experiment = start(b, ['python3', checkpointingTrainer, '--scale={x}', '--steps=40', '--sleep=0.05']);
    const first = await waitFor(() => {
      const trial = b.store.trials.listByExperiment(experiment.id)[0];
      return trial !== undefined && (trial.lastStep ?? -1) >= 2 && trial;
    }, 10_000, 'step 2');
    expect(await call(b, 'trials/checkpoint', { trialId: first.id })).toEqual({ dir: first.checkpointDir, exists: false });
    await call(b, 'trials/freeze', { trialId: first.id });
    await waitFor(() => b.store.trials.require(first.id).state === 'frozen', 10_000, 'frozen');
    expect(await call(b, 'trials/checkpoint', { trialId: first.id })).toEqual({ dir: first.checkpointDir, exists: true });
    await b.scheduler.whenFinished(experiment.id);
  });

  it('says none exists for a script that writes none, and names an unknown trial', async () => {
    const b = openTestBackend({ stopGraceMs: 500 });
    open.push(b);
    const experiment = start(b, ['python3', trainerFixture, '--scale={x}', '--steps=3']);
    await b.scheduler.whenFinished(experiment.id);
    const trial = b.store.trials.listByExperiment(experiment.id)[0]!;
    expect(await call(b, 'trials/checkpoint', { trialId: trial.id })).toEqual({ dir: trial.checkpointDir, exists: false });
    const missing = await b.dispatch('trials/checkpoint', { trialId: 999_999 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found', message: 'There is no trial 999999.' } });
  });
});
