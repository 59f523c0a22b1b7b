import { describe, expect, it } from 'vitest';
import { formatTrialGpus, frozenNote } from '../../../../../renderer/features/dashboard/trial-row';

describe('trial GPUs', () => {
  it('shows the GPUs a trial got, CPU when it got none, and a dash before it ran', () => {
    expect(formatTrialGpus({ gpus: '0', startedAt: 1 })).toBe('GPU 0');
    expect(formatTrialGpus({ gpus: '0,1', startedAt: 1 })).toBe('GPUs 0,1');
    expect(formatTrialGpus({ gpus: '', startedAt: 1 })).toBe('CPU');
    expect(formatTrialGpus({ gpus: null, startedAt: 1 })).toBe('CPU');
    expect(formatTrialGpus({ gpus: null, startedAt: null })).toBe('—');
  });
});

describe('frozen note', () => {
  it('keeps what tells a resume from a restart, since the badge and Last step say the rest', () => {
    expect(frozenNote('frozen at step 12 without a checkpoint: thaw restarts it from step 0')).toBe('without a checkpoint: thaw restarts it from step 0');
    expect(frozenNote('frozen at step 40, checkpoint saved; thaw resumes from it')).toBe('checkpoint saved; thaw resumes from it');
    expect(frozenNote('frozen before its first report without a checkpoint: thaw restarts it from step 0')).toBe(
      'without a checkpoint: thaw restarts it from step 0',
    );
  });

  it('shows a message in another shape whole', () => {
    expect(frozenNote('frozen by the policy')).toBe('frozen by the policy');
  });
});
