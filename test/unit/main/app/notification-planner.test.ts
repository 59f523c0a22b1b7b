import { describe, expect, it } from 'vitest';
import type { Experiment, Trial } from '../../../../shared/domain';
import type { EventMessage } from '../../../../shared/protocol';
import { createNotificationPlanner, FAILURE_BATCH_THRESHOLD, MAX_BODY_CHARS } from '../../../../main/app/notification-planner';
import { experiment, trial } from '../../renderer/fixtures';

const experimentsUpdated = (...payload: Experiment[]): EventMessage => ({ event: 'experiments/updated', payload });
const trialsUpdated = (...payload: Trial[]): EventMessage => ({ event: 'trials/updated', payload });

function plannerWith(...experiments: Experiment[]) {
  const planner = createNotificationPlanner();
  planner.seed(experiments);
  return planner;
}

describe('notification planner', () => {
  it('an experiment that completes says so once, with its best value and trial', () => {
    const planner = plannerWith(experiment({ id: 3, name: 'mnist-lr', state: 'running', revision: 4 }));
    const done = experiment({
      id: 3,
      name: 'mnist-lr',
      state: 'completed',
      revision: 9,
      counts: { queued: 0, running: 0, completed: 19, failed: 1, stopped: 0, interrupted: 0, paused: 0, frozen: 0 },
      best: { trialId: 40, number: 7, value: 0.031234, params: {} },
    });
    expect(planner.observe(experimentsUpdated(done))).toEqual([
      { title: 'mnist-lr finished', body: 'Best loss 0.03123 (lowest, trial 7) of 20 trials, 1 failed.', onClick: { command: 'show-experiment', experimentId: 3 } },
    ]);
    // Pushed again (a later revision in the same state): nothing new to say.
    expect(planner.observe(experimentsUpdated({ ...done, revision: 10 }))).toEqual([]);
  });

  it('a maximised objective says highest; no best says which metric never came', () => {
    const maximise = experiment({ id: 1, state: 'running' });
    const planner = plannerWith(maximise, experiment({ id: 2, name: 'silent', state: 'running' }));
    const spec = { ...maximise.spec, objective: { metric: 'accuracy', mode: 'max' as const } };
    const [high] = planner.observe(experimentsUpdated(experiment({ id: 1, state: 'completed', revision: 2, spec, best: { trialId: 1, number: 2, value: 0.9876, params: {} } })));
    expect(high?.body).toContain('Best accuracy 0.9876 (highest, trial 2)');
    const [none] = planner.observe(experimentsUpdated(experiment({ id: 2, name: 'silent', state: 'completed', revision: 2 })));
    expect(none?.body).toBe('No trial reported loss; 0 trials.');
  });

  it('a failed experiment says why; one the user stopped says nothing', () => {
    const planner = plannerWith(experiment({ id: 1, state: 'running' }), experiment({ id: 2, state: 'running' }));
    expect(planner.observe(experimentsUpdated(experiment({ id: 1, name: 'broken', state: 'failed', revision: 2, message: 'every trial failed; the first: exit code 2' })))).toEqual([
      { title: 'broken failed', body: 'every trial failed; the first: exit code 2', onClick: { command: 'show-experiment', experimentId: 1 } },
    ]);
    expect(planner.observe(experimentsUpdated(experiment({ id: 2, state: 'stopping', revision: 2 })))).toEqual([]);
    expect(planner.observe(experimentsUpdated(experiment({ id: 2, state: 'stopped', revision: 3 })))).toEqual([]);
  });

  it('history never notifies: experiments finished before start-up, imports, and stale copies', () => {
    const planner = plannerWith(experiment({ id: 1, state: 'completed', revision: 5 }));
    expect(planner.observe(experimentsUpdated(experiment({ id: 1, state: 'completed', revision: 6 })))).toEqual([]);
    const imported = experiment({ id: 2, state: 'completed', origin: { kind: 'optuna-study', source: 'study "s" in /tmp/o.db', importedAt: 1 } });
    expect(planner.observe(experimentsUpdated(imported))).toEqual([]);
    // An older copy arriving late must not look like a transition back and forth.
    const running = plannerWith(experiment({ id: 3, state: 'completed', revision: 8 }));
    expect(running.observe(experimentsUpdated(experiment({ id: 3, state: 'running', revision: 7 })))).toEqual([]);
    expect(running.observe(experimentsUpdated(experiment({ id: 3, state: 'completed', revision: 9 })))).toEqual([]);
  });

  it('another database file opened: its history does not notify, and its old ids mean nothing', () => {
    const planner = plannerWith(experiment({ id: 1, state: 'running', revision: 3 }));
    const opened: EventMessage = { event: 'database/opened', payload: [{ file: '/tmp/other.db', runsDir: '/tmp/runs', created: false }] };
    expect(planner.observe(opened)).toEqual([]);
    // The other file's experiment 1 finished long ago: history, though the old 1 was running.
    expect(planner.observe(experimentsUpdated(experiment({ id: 1, state: 'completed', revision: 1 })))).toEqual([]);
    // After that first push, changes are news again.
    expect(planner.observe(experimentsUpdated(experiment({ id: 2, state: 'running', revision: 1 })))).toEqual([]);
    expect(planner.observe(experimentsUpdated(experiment({ id: 2, state: 'completed', revision: 2 })))).toHaveLength(1);
  });

  it('an experiment created since start-up notifies when it finishes, and again after a resume finishes it again', () => {
    const planner = plannerWith();
    expect(planner.observe(experimentsUpdated(experiment({ id: 5, state: 'draft', revision: 1 })))).toEqual([]);
    expect(planner.observe(experimentsUpdated(experiment({ id: 5, state: 'running', revision: 2 })))).toEqual([]);
    expect(planner.observe(experimentsUpdated(experiment({ id: 5, state: 'completed', revision: 3 })))).toHaveLength(1);
    expect(planner.observe(experimentsUpdated(experiment({ id: 5, state: 'running', revision: 4 })))).toEqual([]);
    expect(planner.observe(experimentsUpdated(experiment({ id: 5, state: 'completed', revision: 5 })))).toHaveLength(1);
  });

  it('a failed trial says so once, with the first line of its exit reason, and opens that trial', () => {
    const planner = plannerWith(experiment({ id: 1, name: 'sweep' }));
    planner.observe(trialsUpdated(trial({ id: 11, number: 4, state: 'running' })));
    const failed = trial({ id: 11, number: 4, state: 'failed', exitCode: 1, message: 'exited with code 1; last output:\nTraceback (most recent call last):\n  ValueError' });
    expect(planner.observe(trialsUpdated(failed))).toEqual([
      { title: 'Trial 4 of sweep failed', body: 'exited with code 1', onClick: { command: 'show-trial', experimentId: 1, trialId: 11 } },
    ]);
    expect(planner.observe(trialsUpdated({ ...failed, revision: 2 }))).toEqual([]);
  });

  it('a trial that fails at launch (first seen failed) notifies; one without a message names its exit code', () => {
    const planner = plannerWith(experiment({ id: 1 }));
    const [notice] = planner.observe(trialsUpdated(trial({ id: 2, number: 2, state: 'failed', exitCode: 137, message: null })));
    expect(notice?.body).toBe('exited with code 137');
  });

  it('stopped trials, and failures while the experiment is being stopped, do not notify', () => {
    const planner = plannerWith(experiment({ id: 1, state: 'running' }));
    expect(planner.observe(trialsUpdated(trial({ id: 1, state: 'stopped', message: 'stopped by user' })))).toEqual([]);
    planner.observe(experimentsUpdated(experiment({ id: 1, state: 'stopping', revision: 2 })));
    expect(planner.observe(trialsUpdated(trial({ id: 2, state: 'failed', message: 'killed by SIGKILL' })))).toEqual([]);
  });

  it('many failures of one experiment in one push become one notification that opens the experiment', () => {
    const planner = plannerWith(experiment({ id: 1, name: 'wide' }), experiment({ id: 2, name: 'other' }));
    const many = Array.from({ length: 8 }, (_, index) => trial({ id: 20 + index, number: 8 - index, experimentId: 1, state: 'failed', message: `launch failed: python9 not found (${index})` }));
    const notices = planner.observe(trialsUpdated(...many, trial({ id: 50, number: 1, experimentId: 2, state: 'failed', message: 'diverged' })));
    expect(notices).toEqual([
      { title: '8 trials of wide failed', body: 'Trials 1, 2, 3, 4, 5 and 3 more. The first: launch failed: python9 not found (7)', onClick: { command: 'show-experiment', experimentId: 1 } },
      { title: 'Trial 1 of other failed', body: 'diverged', onClick: { command: 'show-trial', experimentId: 2, trialId: 50 } },
    ]);
    const few = Array.from({ length: FAILURE_BATCH_THRESHOLD - 1 }, (_, index) => trial({ id: 60 + index, number: 30 + index, experimentId: 1, state: 'failed' }));
    expect(planner.observe(trialsUpdated(...few)).map((notice) => notice.title)).toEqual(['Trial 30 of wide failed', 'Trial 31 of wide failed']);
  });

  it('long reasons are clipped to a notification-sized body', () => {
    const planner = plannerWith(experiment({ id: 1 }));
    const [notice] = planner.observe(trialsUpdated(trial({ id: 1, state: 'failed', message: 'x'.repeat(500) })));
    expect(notice?.body).toHaveLength(MAX_BODY_CHARS);
    expect(notice?.body.endsWith('…')).toBe(true);
  });

  it('trials seeded as failed at start-up and metric or GPU pushes never notify', () => {
    const planner = createNotificationPlanner();
    planner.seed([experiment({ id: 1 })], [trial({ id: 9, state: 'failed' })]);
    expect(planner.observe(trialsUpdated(trial({ id: 9, state: 'failed', revision: 3 })))).toEqual([]);
    expect(planner.observe({ event: 'metrics/appended', payload: [{ trialId: 9, step: 1, name: 'loss', value: 1, time: 0 }] })).toEqual([]);
    expect(planner.observe({ event: 'gpus/sampled', payload: [] })).toEqual([]);
  });
});
