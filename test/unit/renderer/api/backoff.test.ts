import { describe, expect, it } from 'vitest';
import { MAX_DELAY_MS, reconnectDelay } from '../../../../renderer/api/backoff';

describe('reconnect backoff', () => {
  it('grows from half a second and stays under the cap, with jitter', () => {
    expect(reconnectDelay(0, 0.5)).toBe(500);
    expect(reconnectDelay(1, 0.5)).toBe(1000);
    expect(reconnectDelay(10, 0.5)).toBe(MAX_DELAY_MS);
    expect(reconnectDelay(100, 0.999)).toBeLessThanOrEqual(MAX_DELAY_MS * 1.25);
    expect(reconnectDelay(0, 0)).toBe(375);
  });
});
