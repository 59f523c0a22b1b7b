import { describe, expect, it } from 'vitest';
import { refineSpace, type ScoredConfiguration } from '../../../../main/searchers/refine';
import { searchSpaceSchema } from '../../../../shared/search-space';

const space = searchSpaceSchema.parse({
  lr: { type: 'float', low: 1e-4, high: 1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5 },
  optimizer: { type: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] },
  momentum: { type: 'float', low: 0.9, high: 0.999, reverse_log: true, when: { optimizer: 'sgd' } },
  act: { type: 'categorical', choices: ['relu', 'tanh', 'gelu'] },
});

describe('coarse-to-fine refinement', () => {
  it('shifts a log range whose best value sits at its edge, keeping its width on the log scale', () => {
    const trials = [
      { params: { lr: 1e-4, dropout: 0.2, optimizer: 'adam', act: 'relu' }, value: 0.1 },
      { params: { lr: 1e-3, dropout: 0.25, optimizer: 'adam', act: 'tanh' }, value: 0.3 },
      { params: { lr: 1e-1, dropout: 0.3, optimizer: 'adam', act: 'relu' }, value: 0.9 },
    ];
    const { space: refined, changes } = refineSpace(space, trials, 'min', 2);
    expect(refined.lr).toMatchObject({ low: 1e-6, high: 0.01, log: true });
    expect(changes[0]).toMatch(/^lr: 0\.0001\.\.1 -> 0\.000001\.\.0\.01 \(best at the low edge/);
  });

  it('zooms an interior best to the span of the top trials with a margin, never below zero', () => {
    const trials: ScoredConfiguration[] = [
      { params: { lr: 0.01, dropout: 0.2, optimizer: 'adam', act: 'relu' }, value: 0.1 },
      { params: { lr: 0.02, dropout: 0.25, optimizer: 'adam', act: 'relu' }, value: 0.2 },
      { params: { lr: 0.9, dropout: 0.05, optimizer: 'sgd', act: 'tanh', momentum: 0.95 }, value: 5 },
    ];
    const { space: refined } = refineSpace(space, trials, 'min', 2);
    // dropout: top values 0.2..0.25 are 0.4..0.5 of the range; +-0.1 margin gives 0.3..0.6 -> 0.15..0.3.
    expect(refined.dropout).toMatchObject({ low: 0.15, high: 0.3 });
    const lr = refined.lr as { low: number; high: number };
    expect(lr.low).toBeLessThan(0.01);
    expect(lr.high).toBeGreaterThan(0.02);
    expect(lr.high).toBeLessThan(0.2);
  });

  it('drops choices no top trial used, but keeps those a condition tests', () => {
    const trials = [
      { params: { lr: 0.01, dropout: 0.2, optimizer: 'adam', act: 'relu' }, value: 0.1 },
      { params: { lr: 0.01, dropout: 0.2, optimizer: 'adam', act: 'gelu' }, value: 0.2 },
      { params: { lr: 0.01, dropout: 0.2, optimizer: 'rmsprop', act: 'tanh' }, value: 9 },
    ];
    const { space: refined, changes } = refineSpace(space, trials, 'min', 2);
    expect(refined.act).toMatchObject({ choices: ['relu', 'gelu'] });
    expect(refined.optimizer).toMatchObject({ choices: ['sgd', 'adam'] });
    expect(changes).toContain('optimizer: dropped "rmsprop" (no top trial used them)');
    expect(searchSpaceSchema.safeParse(refined).success).toBe(true);
  });

  it('ranks by the objective direction', () => {
    const trials = [
      { params: { lr: 1e-4, dropout: 0.2, optimizer: 'adam', act: 'relu' }, value: 0.1 },
      { params: { lr: 1, dropout: 0.2, optimizer: 'adam', act: 'relu' }, value: 0.9 },
    ];
    expect(refineSpace(space, trials, 'max', 1).changes[0]).toMatch(/best at the high edge/);
  });
});
