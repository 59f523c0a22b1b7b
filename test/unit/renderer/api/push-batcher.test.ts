import { describe, expect, it } from 'vitest';
import { createPushBatcher, MAX_BATCH_WAIT_MS, type BatchTimers } from '../../../../renderer/api/push-batcher';

/** Timers run by hand: frames and timeouts fire only when the test says so. */
function manualTimers() {
  const frames = new Map<number, () => void>();
  const timeouts = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  const timers: BatchTimers = {
    requestFrame: (callback) => {
      frames.set(next, callback);
      return next++;
    },
    cancelFrame: (handle) => { frames.delete(handle); },
    setTimer: (callback, ms) => {
      timeouts.set(next, { callback, ms });
      return next++ as unknown as ReturnType<typeof setTimeout>;
    },
    clearTimer: (handle) => { timeouts.delete(handle as unknown as number); },
  };
  const runFrames = () => {
    const due = [...frames.values()];
    frames.clear();
    for (const callback of due) callback();
  };
  const runTimeouts = () => {
    const due = [...timeouts.values()];
    timeouts.clear();
    for (const entry of due) entry.callback();
  };
  return { timers, frames, timeouts, frame: runFrames, timeout: runTimeouts };
}

describe('push batcher', () => {
  it('delivers the pushes of one frame together, in the order they came, at the next animation frame', () => {
    const clock = manualTimers();
    const delivered: string[] = [];
    const batcher = createPushBatcher((item: string) => delivered.push(item), clock.timers);
    batcher.add('trials');
    batcher.add('metrics');
    batcher.add('experiments');
    expect(delivered).toEqual([]);
    expect(clock.frames.size).toBe(1);
    clock.frame();
    expect(delivered).toEqual(['trials', 'metrics', 'experiments']);
    // Nothing queued: the fallback timer was cancelled with the frame's delivery.
    expect(clock.timeouts.size).toBe(0);
  });

  it('a page without animation frames (in the background) still gets its pushes after the fallback wait', () => {
    const clock = manualTimers();
    const delivered: number[] = [];
    const batcher = createPushBatcher((item: number) => delivered.push(item), clock.timers);
    batcher.add(1);
    expect([...clock.timeouts.values()].map((entry) => entry.ms)).toEqual([MAX_BATCH_WAIT_MS]);
    clock.timeout();
    expect(delivered).toEqual([1]);
    expect(clock.frames.size).toBe(0);
    batcher.add(2);
    clock.frame();
    expect(delivered).toEqual([1, 2]);
  });

  it('flush delivers what is queued at once, so a reply cannot overtake the pushes that came before it', () => {
    const clock = manualTimers();
    const delivered: string[] = [];
    const batcher = createPushBatcher((item: string) => delivered.push(item), clock.timers);
    batcher.add('push before the reply');
    batcher.flush();
    delivered.push('reply');
    clock.frame();
    clock.timeout();
    expect(delivered).toEqual(['push before the reply', 'reply']);
  });

  it('cancel drops what is queued', () => {
    const clock = manualTimers();
    const delivered: string[] = [];
    const batcher = createPushBatcher((item: string) => delivered.push(item), clock.timers);
    batcher.add('late');
    batcher.cancel();
    clock.frame();
    clock.timeout();
    expect(delivered).toEqual([]);
  });
});
