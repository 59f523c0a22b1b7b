import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../../main/api/event-hub';
import type { EventMessage } from '../../../../shared/protocol';
import { experiment, trial } from '../../renderer/fixtures';

describe('event hub: deleted experiments', () => {
  it('drops pending updates of a deleted experiment and its trials, and pushes the deletion', () => {
    const hub = new EventHub(1_000_000);
    const sent: EventMessage[] = [];
    hub.subscribe((message) => sent.push(message));
    hub.experimentUpdated(experiment({ id: 1 }));
    hub.experimentUpdated(experiment({ id: 2 }));
    hub.trialUpdated(trial({ id: 10, experimentId: 1 }));
    hub.trialUpdated(trial({ id: 20, experimentId: 2 }));
    hub.experimentDeleted(1);
    hub.flush();
    expect(sent.map((message) => message.event)).toEqual(['trials/updated', 'experiments/updated', 'experiments/deleted']);
    expect(sent[0]?.payload.map((item) => (item as { id: number }).id)).toEqual([20]);
    expect(sent[1]?.payload.map((item) => (item as { id: number }).id)).toEqual([2]);
    expect(sent[2]?.payload).toEqual([1]);
    hub.close();
  });
});
