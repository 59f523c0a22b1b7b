import { describe, expect, it } from 'vitest';
import { nextThrottled } from '../../../../renderer/lib/use-throttled-value';

describe('nextThrottled (the learning curves redraw at most every interval while metrics stream)', () => {
  it('passes the first value on at once', () => {
    expect(nextThrottled(null, 'a', 'loss', 1000, 750)).toEqual({ value: 'a', key: 'loss', at: 1000 });
  });

  it('holds a newer value back until the interval since the last one passed on is up, then passes the newest', () => {
    const first = nextThrottled(null, 'a', 'loss', 1000, 750);
    const early = nextThrottled(first, 'b', 'loss', 1500, 750);
    expect(early).toBe(first);
    const stillEarly = nextThrottled(early, 'c', 'loss', 1749, 750);
    expect(stillEarly.value).toBe('a');
    expect(nextThrottled(stillEarly, 'c', 'loss', 1750, 750)).toEqual({ value: 'c', key: 'loss', at: 1750 });
  });

  it('passes a value on at once when the key changes (the user picked another metric)', () => {
    const first = nextThrottled(null, 'a', 'loss', 1000, 750);
    expect(nextThrottled(first, 'b', 'accuracy', 1010, 750)).toEqual({ value: 'b', key: 'accuracy', at: 1010 });
  });

  it('keeps the same value without restarting the interval', () => {
    const first = nextThrottled(null, 'a', 'loss', 1000, 750);
    expect(nextThrottled(first, 'a', 'loss', 5000, 750)).toBe(first);
  });
});
