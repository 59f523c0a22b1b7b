import { describe, expect, it } from 'vitest';
import { addNotice, dismissNotice, forgetExperiments, initialUi, selectedExperimentId, setExperimentNotes, showView, viewFromHash, viewToHash } from '../../../../renderer/state/ui-slice';

describe('ui slice', () => {
  it('round-trips views through the address fragment', () => {
    for (const view of [{ kind: 'home' }, { kind: 'new-experiment' }, { kind: 'experiment', experimentId: 42 }, { kind: 'trial', experimentId: 42, trialId: 7 }] as const) {
      expect(viewFromHash(viewToHash(view))).toEqual(view);
    }
  });

  it('reads an unknown or malformed fragment as home', () => {
    expect(viewFromHash('#/experiments/abc')).toEqual({ kind: 'home' });
    expect(viewFromHash('#/experiments/0')).toEqual({ kind: 'home' });
    expect(viewFromHash('#whatever')).toEqual({ kind: 'home' });
    expect(viewFromHash('#/experiments/3/trials/0')).toEqual({ kind: 'home' });
    expect(viewFromHash('#/experiments/3/trials/')).toEqual({ kind: 'home' });
  });

  it('a trial page keeps its experiment selected, so its trials and metrics stay loaded and fresh', () => {
    expect(viewToHash({ kind: 'trial', experimentId: 3, trialId: 40 })).toBe('#/experiments/3/trials/40');
    expect(selectedExperimentId({ ...initialUi, view: { kind: 'trial', experimentId: 3, trialId: 40 } })).toBe(3);
    const onTrial = { ...initialUi, view: { kind: 'trial', experimentId: 3, trialId: 40 } as const };
    expect(showView(onTrial, { kind: 'trial', experimentId: 3, trialId: 40 })).toBe(onTrial);
    expect(showView(onTrial, { kind: 'trial', experimentId: 3, trialId: 41 }).view).toEqual({ kind: 'trial', experimentId: 3, trialId: 41 });
  });

  it('showing another view clears the selected trial; showing the same one changes nothing', () => {
    const ui = { ...initialUi, view: { kind: 'experiment', experimentId: 1 } as const, selectedTrialId: 5 };
    expect(showView(ui, { kind: 'experiment', experimentId: 1 })).toBe(ui);
    expect(showView(ui, { kind: 'experiment', experimentId: 2 }).selectedTrialId).toBeNull();
  });

  it('keeps the last few notices and dismisses by id', () => {
    let ui = initialUi;
    for (let i = 0; i < 6; i += 1) ui = addNotice(ui, `message ${i}`);
    expect(ui.notices.map((n) => n.message)).toEqual(['message 2', 'message 3', 'message 4', 'message 5']);
    const first = ui.notices[0];
    expect(first).toBeDefined();
    if (first !== undefined) expect(dismissNotice(ui, first.id).notices).toHaveLength(3);
  });

  it('keeps an import report per experiment until dismissed, and forgets it with its deleted experiment', () => {
    const notes = { title: 'Imported', items: ['dropped · x: y'] };
    const withNotes = setExperimentNotes(setExperimentNotes(initialUi, 4, notes), 5, notes);
    expect(withNotes.experimentNotes[4]).toEqual(notes);
    expect(Object.keys(setExperimentNotes(withNotes, 4, null).experimentNotes)).toEqual(['5']);
    expect(Object.keys(forgetExperiments(withNotes, [5]).experimentNotes)).toEqual(['4']);
  });
});
