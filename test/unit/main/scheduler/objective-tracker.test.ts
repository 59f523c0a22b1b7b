import { describe, expect, it } from 'vitest';
import { ObjectiveTracker } from '../../../../main/scheduler/objective-tracker';

describe('objective tracker', () => {
  it('takes the last reported value of the objective as the result', () => {
    const tracker = new ObjectiveTracker(1, 'val_loss');
    tracker.apply({ step: 0, metrics: { val_loss: 0.9, acc: 0.1 }, final: false, nonFinite: [] }, 10);
    tracker.apply({ step: 1, metrics: { val_loss: 0.5 }, final: false, nonFinite: [] }, 11);
    tracker.apply({ step: 2, metrics: { acc: 0.7 }, final: false, nonFinite: [] }, 12);
    expect(tracker.value).toBe(0.5);
    expect(tracker.lastStep).toBe(2);
  });

  it('lets a final report win over later ones, without adding a curve point', () => {
    const tracker = new ObjectiveTracker(1, 'val_loss');
    tracker.apply({ step: 4, metrics: { val_loss: 0.4 }, final: false, nonFinite: [] }, 1);
    expect(tracker.apply({ step: null, metrics: { val_loss: 0.3 }, final: true, nonFinite: [] }, 2)).toEqual([]);
    tracker.apply({ step: 5, metrics: { val_loss: 0.9 }, final: false, nonFinite: [] }, 3);
    expect(tracker.value).toBe(0.3);
  });

  it('numbers reports without a step after the last one', () => {
    const tracker = new ObjectiveTracker(7, 'loss');
    expect(tracker.apply({ step: null, metrics: { loss: 1 }, final: false, nonFinite: [] }, 1)).toEqual([{ trialId: 7, name: 'loss', step: 0, value: 1, time: 1 }]);
    tracker.apply({ step: 10, metrics: { loss: 0.5 }, final: false, nonFinite: [] }, 2);
    expect(tracker.apply({ step: null, metrics: { loss: 0.4 }, final: false, nonFinite: [] }, 3)[0]!.step).toBe(11);
  });

  it('remembers the step at which the objective first became non-finite', () => {
    const tracker = new ObjectiveTracker(1, 'loss');
    tracker.apply({ step: 0, metrics: { loss: 1 }, final: false, nonFinite: [] }, 1);
    tracker.apply({ step: 1, metrics: { acc: 0.2 }, final: false, nonFinite: ['other'] }, 2);
    expect(tracker.divergedAtStep).toBeNull();
    tracker.apply({ step: 2, metrics: {}, final: false, nonFinite: ['loss'] }, 3);
    tracker.apply({ step: 3, metrics: {}, final: false, nonFinite: ['loss'] }, 4);
    expect(tracker.divergedAtStep).toBe(2);
    expect(tracker.value).toBe(1);
  });
});
