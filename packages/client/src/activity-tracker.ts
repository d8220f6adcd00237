import type { EventTargetLike } from './types.ts';

/** Real user input; scroll counts because reading a long page is activity too. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'scroll', 'touchstart'];

export interface ActivityTracker {
  /** Reports activity from outside the DOM (React Native). */
  report(): void;
  dispose(): void;
}

/** Listens for input (passive, capturing listeners) and reports it at most once per `throttleMs`. */
export function trackActivity(
  target: EventTargetLike | null,
  now: () => number,
  throttleMs: number,
  onActivity: (at: number) => void,
): ActivityTracker {
  let last = Number.NEGATIVE_INFINITY;
  const handler = () => {
    const t = now();
    if (t - last < throttleMs) return;
    last = t;
    onActivity(t);
  };
  const opts = { capture: true, passive: true };
  for (const type of ACTIVITY_EVENTS) target?.addEventListener(type, handler, opts);
  return {
    report: handler,
    dispose() {
      for (const type of ACTIVITY_EVENTS) target?.removeEventListener(type, handler, opts);
    },
  };
}
