import { describe, expect, it } from 'vitest';
import { importNotes } from '../../../../../renderer/features/experiments/import-notes';

describe('import notes', () => {
  it('lists each report item with what happened and the source field', () => {
    const notes = importNotes('a W&B sweep', [
      { field: 'metric.target', action: 'dropped', message: 'stop by hand' },
      { field: 'run_cap', action: 'note', message: 'budget.trials is 3' },
    ]);
    expect(notes.title).toMatch(/^Imported from a W&B sweep: review/);
    expect(notes.items).toEqual(['dropped · metric.target: stop by hand', 'note · run_cap: budget.trials is 3']);
  });

  it('says everything carried over when the report is empty', () => {
    expect(importNotes('an Optuna study', [])).toEqual({ title: 'Imported from an Optuna study: everything carried over', items: [] });
  });
});
