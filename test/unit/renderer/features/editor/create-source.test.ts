import { describe, expect, it } from 'vitest';
import { sourceFromDraft } from '../../../../../renderer/features/editor/create-source';

describe('new experiment source', () => {
  it('uses the text and base folder when no path is given', () => {
    expect(sourceFromDraft({ yaml: 'name: x', baseDir: ' /work ', path: '' })).toEqual({ ok: true, value: { kind: 'text', yaml: 'name: x', baseDir: '/work' } });
  });

  it('prefers a file path when one is given', () => {
    expect(sourceFromDraft({ yaml: 'name: x', baseDir: '', path: '/work/experiment.yaml' })).toEqual({ ok: true, value: { kind: 'path', path: '/work/experiment.yaml' } });
  });

  it('names the fields to fix: empty text, missing or relative base folder, relative path', () => {
    const empty = sourceFromDraft({ yaml: ' ', baseDir: '', path: '' });
    expect(empty.ok ? [] : empty.error.issues?.map((i) => i.path)).toEqual(['Experiment file (YAML)', 'Base folder']);
    const relative = sourceFromDraft({ yaml: 'name: x', baseDir: 'work', path: '' });
    expect(relative.ok ? '' : relative.error.issues?.[0]?.message).toMatch(/absolute/);
    expect(sourceFromDraft({ yaml: '', baseDir: '', path: 'experiment.yaml' }).ok).toBe(false);
  });
});
