import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT_INFO, EXPORT_FORMATS } from '../../../../../shared/export-formats';
import { exportMenu } from '../../../../../renderer/features/export/export-menu';

describe('export menu', () => {
  it('groups a chosen trial\'s config formats before the whole experiment\'s, every format once, each passing the trial number', () => {
    const [trialGroup, experimentGroup, ...rest] = exportMenu({ kind: 'trial', trialNumber: 7 });
    expect(rest).toEqual([]);
    expect(trialGroup?.title).toBe("Trial 7's config");
    expect(trialGroup?.items.map((item) => item.format)).toEqual(['json', 'yaml', 'args', 'env', 'hydra']);
    expect(trialGroup?.items.every((item) => item.trialNumber === 7)).toBe(true);
    expect(experimentGroup?.items.map((item) => item.format)).toEqual(['csv', 'experiment', 'results-json', 'results-yaml']);
    expect(experimentGroup?.items.every((item) => item.trialNumber === undefined)).toBe(true);
    const all = [...(trialGroup?.items ?? []), ...(experimentGroup?.items ?? [])];
    expect(all.map((item) => item.format).sort()).toEqual([...EXPORT_FORMATS].sort());
  });

  it('describes the best trial without a number, so the API picks it, and names it in the title', () => {
    const [best] = exportMenu({ kind: 'best', bestNumber: 3 });
    expect(best?.title).toBe("The best trial's config (trial 3)");
    expect(best?.items.some((item) => item.trialNumber !== undefined)).toBe(false);
  });

  it('leaves the config group out while there is no best trial', () => {
    const groups = exportMenu({ kind: 'best', bestNumber: null });
    expect(groups.map((group) => group.title)).toEqual(['The whole experiment']);
  });

  it('gives each entry a short unique label and the format\'s long description as its hint', () => {
    const items = exportMenu({ kind: 'trial', trialNumber: 1 }).flatMap((group) => group.items);
    expect(new Set(items.map((item) => item.label)).size).toBe(items.length);
    for (const item of items) expect(item.hint).toBe(EXPORT_FORMAT_INFO[item.format].label);
  });
});
