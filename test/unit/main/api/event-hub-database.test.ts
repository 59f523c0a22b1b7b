import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../../main/api/event-hub';
import type { EventMessage } from '../../../../shared/protocol';
import { experiment, point, trial } from '../../renderer/fixtures';

describe('event hub: another database opened', () => {
  it('drops what is pending of the old file, pushes the switch at once, and then only the new file\'s records', () => {
    const hub = new EventHub(1_000_000);
    const sent: EventMessage[] = [];
    hub.subscribe((message) => sent.push(message));
    hub.experimentUpdated(experiment({ id: 1, name: 'old' }));
    hub.trialUpdated(trial({ id: 10, experimentId: 1 }));
    hub.metricsAppended([point(10, 0, 1)]);
    hub.experimentDeleted(2);
    const database = { file: '/data/other.db', runsDir: '/data/other-runs', created: true };
    hub.databaseOpened(database);
    expect(sent).toEqual([{ event: 'database/opened', payload: [database] }]);
    hub.experimentUpdated(experiment({ id: 1, name: 'new' }));
    hub.flush();
    expect(sent.map((message) => message.event)).toEqual(['database/opened', 'experiments/updated']);
    expect(sent[1]?.payload.map((item) => (item as { name: string }).name)).toEqual(['new']);
    hub.close();
  });
});
