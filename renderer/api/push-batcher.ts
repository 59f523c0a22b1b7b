/** The timers a batcher uses; the page's by default, stand-ins in tests. */
export interface BatchTimers {
  readonly requestFrame: (callback: () => void) => number;
  readonly cancelFrame: (handle: number) => void;
  readonly setTimer: (callback: () => void, ms: number) => ReturnType<typeof setTimeout>;
  readonly clearTimer: (handle: ReturnType<typeof setTimeout>) => void;
}

export const PAGE_TIMERS: BatchTimers = {
  requestFrame: (callback) => requestAnimationFrame(() => { callback(); }),
  cancelFrame: (handle) => { cancelAnimationFrame(handle); },
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => { clearTimeout(handle); },
};

/**
 * A page in the background gets no animation frames; its pushes are delivered after this long
 * instead, so the queue cannot grow without bound.
 */
export const MAX_BATCH_WAIT_MS = 100;

export interface PushBatcher<T> {
  /** Queues an item; the queue is delivered, in order, at the next animation frame. */
  readonly add: (item: T) => void;
  /** Delivers what is queued now (before a reply that must not overtake the pushes before it). */
  readonly flush: () => void;
  /** Drops what is queued and cancels the timers. */
  readonly cancel: () => void;
}

/**
 * Holds push frames until the next animation frame and delivers them together. The server sends
 * a flush's events (experiments, trials, metric points) as separate WebSocket frames, each its
 * own task: delivered one by one, each was a store update and a render of the dashboard (the
 * learning curves twice per flush). Delivered in one go, React renders once, just before the
 * frame is drawn.
 */
export function createPushBatcher<T>(deliver: (item: T) => void, timers: BatchTimers = PAGE_TIMERS): PushBatcher<T> {
  let queue: T[] = [];
  let frame: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function clearScheduled(): void {
    if (frame !== null) timers.cancelFrame(frame);
    if (timer !== null) timers.clearTimer(timer);
    frame = null;
    timer = null;
  }

  function flush(): void {
    clearScheduled();
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    for (const item of items) deliver(item);
  }

  return {
    add(item) {
      queue.push(item);
      if (frame !== null) return;
      frame = timers.requestFrame(flush);
      timer = timers.setTimer(flush, MAX_BATCH_WAIT_MS);
    },
    flush,
    cancel() {
      clearScheduled();
      queue = [];
    },
  };
}
