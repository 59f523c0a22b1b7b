import { describe, expect, it } from 'vitest';
import { summarize } from '../../../../../renderer/features/editor/validation-state';

describe('validation summary', () => {
  it('says what a valid file will do', () => {
    expect(
      summarize({
        name: 'quick',
        command: ['python3'],
        workdir: '.',
        env: {},
        objective: { metric: 'loss', mode: 'min' },
        space: { lr: { type: 'float', low: 0.1, high: 1, log: false } },
        search: { algorithm: 'random' },
        budget: { trials: 12, parallel: 2 },
        faults: { retries: 0, freeze_grace: 30, stop_grace: 5 },
  metrics: { patterns: 'default' },
  policy: { name: 'none' },
      }),
    ).toBe('quick · 1 parameter · 12 trials, 2 at a time · minimize loss');
  });
});
