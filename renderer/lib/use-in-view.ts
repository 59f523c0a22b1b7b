import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * Whether the element is on screen or within `margin` of it (an IntersectionObserver; scroll
 * containers clip it as they clip the element). False until the observer first reports, so
 * something below the fold is not built in the first frames at all.
 */
export function useInView(ref: RefObject<Element | null>, margin = '200px'): boolean {
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
