import { describe, expect, it } from 'vitest';
import { cloneReady, initialCloneDraft, readCloneDraft } from '../../../../../renderer/features/dashboard/clone-form';
import { configurationProblems, searchSpaceSchema } from '../../../../../shared/search-space';

const SPACE = searchSpaceSchema.parse({
  lr: { type: 'float', low: 0.0001, high: 0.1, log: true },
  layers: { type: 'int', low: 1, high: 8, step: 1 },
  optimizer: { type: 'categorical', choices: ['adam', 'sgd', 1] },
  momentum: { type: 'float', low: 0.5, high: 0.99, default: 0.9, when: { optimizer: 'sgd' } },
  augment: { type: 'bool' },
  seed: { type: 'fixed', value: 7 },
});

const TRIAL = { lr: 0.01, layers: 3, optimizer: 'adam', augment: true, seed: 7 } as const;

describe('clone-with-edits form', () => {
  it('is prefilled with the trial and sends the same configuration when nothing is edited', () => {
    const draft = initialCloneDraft(SPACE, TRIAL);
    const reading = readCloneDraft(SPACE, draft, TRIAL);
    expect(reading.fields.map((field) => [field.name, field.kind])).toEqual([
      ['lr', 'number'],
      ['layers', 'number'],
      ['optimizer', 'choice'],
      ['augment', 'bool'],
      ['seed', 'fixed'],
    ]);
    expect(cloneReady(reading)).toBe(true);
    expect(reading.params).toEqual(TRIAL);
    expect(reading.fields[0]!.hint).toBe('0.0001 .. 0.1 · log scale');
    expect(reading.fields[1]!.hint).toBe('1 .. 8 · whole number · step 1');
    expect(reading.fields[2]!.options.map((option) => option.label)).toEqual(['adam', 'sgd', '1']);
  });

  it('names the field and the fix when a value is outside its range, not a number or not whole', () => {
    const draft = initialCloneDraft(SPACE, TRIAL);
    const outside = readCloneDraft(SPACE, { ...draft, lr: '0.5' }, TRIAL);
    expect(outside.errors).toEqual({ lr: 'lr: 0.5 is outside 0.0001..0.1' });
    expect(cloneReady(outside)).toBe(false);
    expect(outside.params.lr).toBeUndefined();
    expect(readCloneDraft(SPACE, { ...draft, lr: 'fast' }, TRIAL).errors.lr).toBe('lr: "fast" is not a number; enter one in 0.0001 .. 0.1');
    expect(readCloneDraft(SPACE, { ...draft, lr: ' ' }, TRIAL).errors.lr).toBe('lr: enter a number in 0.0001 .. 0.1');
    expect(readCloneDraft(SPACE, { ...draft, layers: '2.5' }, TRIAL).errors.layers).toBe('layers: must be a whole number');
  });

  it('shows a conditional parameter once its parent activates it, starting at its default, and drops it again', () => {
    const draft = { ...initialCloneDraft(SPACE, TRIAL), optimizer: JSON.stringify('sgd') };
    const sgd = readCloneDraft(SPACE, draft, TRIAL);
    expect(sgd.fields.map((field) => field.name)).toContain('momentum');
    expect(sgd.params).toMatchObject({ optimizer: 'sgd', momentum: 0.9 });
    expect(sgd.fields.find((field) => field.name === 'momentum')!.was).toBeNull();
    const edited = { ...draft, momentum: '0.95' };
    const back = readCloneDraft(SPACE, { ...edited, optimizer: JSON.stringify('adam') }, TRIAL);
    expect(back.params.momentum).toBeUndefined();
    expect(back.fields.map((field) => field.name)).not.toContain('momentum');
    // What was typed for momentum is still there when sgd is chosen again.
    expect(readCloneDraft(SPACE, edited, TRIAL).params.momentum).toBe(0.95);
  });

  it('keeps a numeric choice apart from its text, and what it accepts the scheduler accepts', () => {
    const draft = { ...initialCloneDraft(SPACE, TRIAL), optimizer: JSON.stringify(1), lr: '1e-3', augment: 'false' };
    const reading = readCloneDraft(SPACE, draft, TRIAL);
    expect(reading.params).toMatchObject({ optimizer: 1, lr: 0.001, augment: false });
    expect(configurationProblems(SPACE, reading.params)).toEqual([]);
    expect(configurationProblems(SPACE, { ...reading.params, optimizer: '1' })).toEqual([{ name: 'optimizer', message: 'must be one of "adam", "sgd", 1' }]);
  });
});
