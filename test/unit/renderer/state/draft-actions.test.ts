import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../../renderer/state/store';

describe('draft actions', () => {
  it('applies form edits to the newest text, so two quick edits both land', () => {
    const store = createAppStore();
    const { editDraft, editDraftYaml } = store.getState().uiActions;
    editDraft({ yaml: 'name: a\n', baseDir: '/work' });
    editDraftYaml((yaml) => `${yaml}budget: {trials: 3}\n`);
    editDraftYaml((yaml) => yaml.replace('name: a', 'name: b'));
    expect(store.getState().ui.draft).toEqual({ yaml: 'name: b\nbudget: {trials: 3}\n', baseDir: '/work', path: '' });
  });

  it('leaves the state untouched when an edit changes nothing', () => {
    const store = createAppStore();
    const before = store.getState();
    store.getState().uiActions.editDraftYaml((yaml) => yaml);
    store.getState().uiActions.setMetricSample('');
    expect(store.getState()).toBe(before);
    store.getState().uiActions.setMetricSample('epoch 1 loss=0.5');
    expect(store.getState().ui.metricSample).toBe('epoch 1 loss=0.5');
  });
});
