import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideOutcome, type OutcomeInput } from '../../../../main/scheduler/trial-outcome';
import { parseExperimentFile, type ExperimentSpec } from '../../../../shared/experiment-file';
import { tempDir } from '../../../support/paths';

function spec(extra: Record<string, unknown> = {}): ExperimentSpec {
  const parsed = parseExperimentFile(
    JSON.stringify({ name: 'o', command: ['python3'], objective: { metric: 'loss', mode: 'min' }, space: { x: { type: 'float', low: 0, high: 1 } }, budget: { trials: 1 }, ...extra }),
  );
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { ...parsed.value, search: { algorithm: 'random', seed: 1 } };
}

const base = (over: Partial<OutcomeInput> = {}): OutcomeInput => ({
  spec: spec(),
  exit: { code: 0, signal: null, launchError: null },
  intent: 'none',
  value: 0.5,
  lastStep: 4,
  divergedAtStep: null,
  checkpointDir: path.join(tempDir(), 'checkpoint'),
  logTail: '',
  cudaOutOfMemory: false,
  crashRetriesUsed: 0,
  ...over,
});

describe('trial outcome', () => {
  it('completes a clean exit that reported the objective, fails one that did not, saying how to report', () => {
    expect(decideOutcome(base())).toEqual({ state: 'completed', message: null, requeue: null, stoppedEarly: false });
    expect(decideOutcome(base({ value: null })).message).toMatch(/never reported loss; print @tundra/);
  });

  it('a freeze is frozen whatever the exit code, and says whether thaw can resume', () => {
    const withCheckpoint = base({ intent: 'freeze', exit: { code: null, signal: 'SIGKILL', launchError: null } });
    mkdirSync(withCheckpoint.checkpointDir, { recursive: true });
    expect(decideOutcome(withCheckpoint).message).toMatch(/without a checkpoint: thaw restarts it from step 0/);
    writeFileSync(path.join(withCheckpoint.checkpointDir, '.checkpoint.123.tundra-tmp'), 'half');
    expect(decideOutcome(withCheckpoint).message).toMatch(/without a checkpoint/); // a temp file is not a checkpoint
    writeFileSync(path.join(withCheckpoint.checkpointDir, 'checkpoint'), 'state');
    expect(decideOutcome(withCheckpoint)).toMatchObject({ state: 'frozen', message: 'frozen at step 4, checkpoint saved; thaw resumes from it' });
  });

  it('a freeze that lands after the trial reported resource.max completes it: it ran its course, nothing is left to thaw', () => {
    const withResource = spec({ policy: { name: 'freeze_thaw' }, resource: { max: 10 } });
    const late = base({ spec: withResource, intent: 'freeze', lastStep: 11, exit: { code: 0, signal: null, launchError: null } });
    mkdirSync(late.checkpointDir, { recursive: true });
    writeFileSync(path.join(late.checkpointDir, 'checkpoint'), 'state');
    expect(decideOutcome(late)).toEqual({ state: 'completed', message: 'reached resource.max (step 11)', requeue: null, stoppedEarly: false });
    // Short of max it is frozen, as ever.
    expect(decideOutcome({ ...late, lastStep: 9 })).toMatchObject({ state: 'frozen', message: 'frozen at step 9, checkpoint saved; thaw resumes from it' });
  });

  it('CUDA out-of-memory re-queues; crashes retry while retries are left; divergence never retries', () => {
    const crash = { code: 1, signal: null, launchError: null };
    expect(decideOutcome(base({ exit: crash, cudaOutOfMemory: true }))).toMatchObject({ state: 'interrupted', requeue: 'oom' });
    const retrying = spec({ faults: { retries: 2 } });
    expect(decideOutcome(base({ spec: retrying, exit: crash, crashRetriesUsed: 1 }))).toMatchObject({ state: 'failed', requeue: 'retry' });
    expect(decideOutcome(base({ spec: retrying, exit: crash, crashRetriesUsed: 2 }))).toMatchObject({ state: 'failed', requeue: null });
    expect(decideOutcome(base({ spec: retrying, exit: crash, divergedAtStep: 3 }))).toMatchObject({ state: 'failed', requeue: null });
  });

  it('a re-adopted process has no exit code: its reports decide', () => {
    const adopted = { code: null, signal: null, launchError: null, adopted: true };
    expect(decideOutcome(base({ exit: adopted }))).toMatchObject({ state: 'completed', message: expect.stringMatching(/exit code unknown/) });
    expect(decideOutcome(base({ exit: adopted, value: null }))).toMatchObject({ state: 'failed' });
  });

  it('a trial the policy stopped is completed and marked stopped early; one that reached resource.max is not', () => {
    const policySpec = spec({ policy: { name: 'median' }, resource: { max: 10 } });
    const stopped = decideOutcome(base({ spec: policySpec, intent: 'policy-stop', policyReason: 'below the median', exit: { code: null, signal: 'SIGTERM', launchError: null } }));
    expect(stopped).toEqual({ state: 'completed', message: 'stopped early by the median policy: below the median', requeue: null, stoppedEarly: true });
    const atMax = decideOutcome(base({ spec: policySpec, intent: 'resource-max', lastStep: 10, exit: { code: null, signal: 'SIGTERM', launchError: null } }));
    expect(atMax).toMatchObject({ state: 'completed', stoppedEarly: false });
    // The stop landed after it had reported resource.max: it ran its course.
    const late = decideOutcome(base({ spec: policySpec, intent: 'policy-stop', lastStep: 10, exit: { code: null, signal: 'SIGTERM', launchError: null } }));
    expect(late).toEqual({ state: 'completed', message: 'reached resource.max (step 10)', requeue: null, stoppedEarly: false });
    // Stopped before it reported anything: failed, and so not a result of any kind.
    expect(decideOutcome(base({ spec: policySpec, intent: 'policy-stop', value: null }))).toMatchObject({ state: 'failed', stoppedEarly: false });
  });

  it('user stop, budget, timeout and hang each say why', () => {
    expect(decideOutcome(base({ intent: 'user-stop' })).message).toBe('stopped by user');
    expect(decideOutcome(base({ intent: 'budget' })).state).toBe('stopped');
    expect(decideOutcome(base({ intent: 'timeout', spec: spec({ budget: { trials: 1, trial_timeout: 60 } }) })).message).toMatch(/timed out.*60s/);
    expect(decideOutcome(base({ intent: 'hung', logTail: 'epoch 3', spec: spec({ faults: { report_timeout: 120 } }) })).message).toMatch(/^hung: .*120s.*last output:\nepoch 3/s);
  });
});
