import { describe, expect, it } from 'vitest';
import type { TrialEvent } from '../../../../../shared/api';
import { buildTrialTimeline } from '../../../../../renderer/features/trial/trial-timeline';
import { trial } from '../../fixtures';

const ev = (time: number, message: string, kind = 'trial'): TrialEvent => ({ time, kind, message });

const summary = (entries: ReturnType<typeof buildTrialTimeline>) => entries.map((e) => `${e.time} ${e.kind}: ${e.label}${e.detail ? ` (${e.detail})` : ''}`);

describe('trial timeline', () => {
  it('shows queued and started from the record, then stored events, and the exit code on the end', () => {
    const record = trial({ number: 3, state: 'completed', createdAt: 100, startedAt: 200, endedAt: 900, exitCode: 0 });
    const events = [
      ev(300, 'trial 3 paused (its GPU memory stays held)'),
      ev(400, 'trial 3 resumed'),
      ev(500, 'trial 3 freezing: asked to checkpoint and exit'),
      ev(550, 'trial 3 frozen: frozen at step 4 with a checkpoint'),
      ev(600, 'trial 3 thawed from its checkpoint'),
      ev(650, 'metric line is not JSON', 'warning'),
      ev(900, 'trial 3 completed'),
    ];
    expect(summary(buildTrialTimeline(record, events))).toEqual([
      '100 queued: queued',
      '200 started: started',
      '300 paused: paused (its GPU memory stays held)',
      '400 resumed: resumed',
      '500 freezing: freezing (asked to checkpoint and exit)',
      '550 frozen: frozen (frozen at step 4 with a checkpoint)',
      '600 thawed: thawed (from its checkpoint)',
      '650 warning: warning (metric line is not JSON)',
      '900 exited: completed · exit code 0',
    ]);
  });

  it('uses a retry\'s own queued event instead of its creation time', () => {
    const record = trial({ number: 4, state: 'queued', createdAt: 100, startedAt: null });
    expect(summary(buildTrialTimeline(record, [ev(100, 'trial 4 queued: a retry of trial 2')]))).toEqual(['100 queued: queued (a retry of trial 2)']);
  });

  it('adds an exit line from the record when no stored event tells of the end', () => {
    const record = trial({ state: 'failed', createdAt: 1, startedAt: 2, endedAt: 3, exitCode: 3, message: 'exited with code 3' });
    expect(summary(buildTrialTimeline(record, []))).toEqual(['1 queued: queued', '2 started: started', '3 exited: failed · exit code 3 (exited with code 3)']);
  });

  it('has no exit line while the trial runs again after a thaw', () => {
    const record = trial({ number: 1, state: 'running', createdAt: 1, startedAt: 2, endedAt: 5, exitCode: 0 });
    const entries = buildTrialTimeline(record, [ev(5, 'trial 1 frozen: frozen at step 2 with a checkpoint'), ev(6, 'trial 1 thawed from its checkpoint')]);
    expect(entries.map((e) => e.label)).toEqual(['queued', 'started', 'frozen', 'thawed']);
  });

  it('shows a sentence it does not recognise as it is', () => {
    const record = trial({ number: 1, state: 'running', createdAt: 1, startedAt: 2 });
    const entries = buildTrialTimeline(record, [ev(7, 'trial 1 promoted by asha: top third at rung 1')]);
    expect(entries[2]).toEqual({ time: 7, kind: 'note', label: 'event', detail: 'trial 1 promoted by asha: top third at rung 1' });
  });
});
