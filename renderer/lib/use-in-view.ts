import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * Whether any of the element is on screen, or within `margin` of it (an IntersectionObserver; scroll
 * containers clip it as they clip the element). False until the observer first reports, so
 * something below the fold is not built in the first frames at all.
 */
export function useInView(ref: RefObject<Element | null>, margin = '0px'): boolean {
  const [inView, setInView] = useState(false);
  useEffect(() => {
    const node = ref.current;
    if (node === null) return;
    const observer = new IntersectionObserver((entries) => {
      const last = entries[entries.length - 1];
      if (last !== undefined) setInView(last.isIntersecting);
    }, { rootMargin: margin });
    observer.observe(node);
    return () => { observer.disconnect(); };
  }, [ref, margin]);
  return inView;
}

/**
 * `value`, except while `hold` is true: then the value it had when the hold began. A panel out of
 * view keeps what it last drew instead of rebuilding (and redrawing) on every push, and catches up
 * when it comes back.
 */
export function useHeldWhile<T>(value: T, hold: boolean): T {
  const held = useRef(value);
  if (!hold) held.current = value;
  return held.current;
}

/**
 * False until `ready` has been true through one idle moment of the page (requestIdleCallback,
 * at most `timeoutMs` later), then true for good: work that can wait (a panel below the ones a
 * page opens with) starts after the first draws instead of with them.
 */
export function useReadyAfterIdle(ready: boolean, timeoutMs = 1000): boolean {
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!ready || done) return;
    if (typeof requestIdleCallback !== 'function') {
      const timer = setTimeout(() => { setDone(true); }, 0);
      return () => { clearTimeout(timer); };
    }
    const handle = requestIdleCallback(() => { setDone(true); }, { timeout: timeoutMs });
    return () => { cancelIdleCallback(handle); };
  }, [ready, done, timeoutMs]);
  return done;
}
