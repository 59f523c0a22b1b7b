import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../shared/duration';
import { parseExperimentFile } from '../../../shared/experiment-file';

const file = (extra: Record<string, unknown>) =>
  JSON.stringify({ name: 'd', command: ['python3'], objective: { metric: 'loss', mode: 'min' }, space: { x: { type: 'float', low: 0, high: 1 } }, budget: { trials: 1 }, ...extra });

describe('durations in experiment files', () => {
  it('reads seconds or a number with a unit', () => {
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('30m')).toBe(1800);
    expect(parseDuration('1.5h')).toBe(5400);
    expect(parseDuration('2d')).toBe(172800);
    expect(parseDuration('2 weeks')).toBeNull();
    expect(formatDuration(3725)).toBe('1h 02m');
  });

  it('budgets, faults and gpus validate with the field and the fix', () => {
    const good = parseExperimentFile(file({ budget: { trials: 5, max_wall_time: '2h', trial_timeout: 600 }, faults: { report_timeout: '5m' }, gpus: { per_trial: 0 } }));
    expect(good.ok && good.value.budget).toMatchObject({ max_wall_time: 7200, trial_timeout: 600 });
    expect(good.ok && good.value.faults).toEqual({ report_timeout: 300, retries: 0, freeze_grace: 30, stop_grace: 5 });
    const bad = parseExperimentFile(file({ budget: { trials: 5, max_wall_time: 'soon' }, faults: { retries: -1 }, gpus: { devices: 'some' } }));
    expect(!bad.ok && bad.error.message).toMatch(/budget\.max_wall_time: "soon" is not a positive duration; write seconds \(90\) or "90s"/);
    expect(!bad.ok && bad.error.message).toMatch(/faults\.retries/);
    expect(!bad.ok && bad.error.message).toMatch(/gpus\.devices/);
  });
});
