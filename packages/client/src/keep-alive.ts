import type { Timers } from './internal/timers.ts';

export interface KeepAlive {
  /** Real activity happened in this tab. */
  noteActivity(): void;
  /** Some tab (this or another) extended the session at `at`. */
  markExtended(at: number): void;
  stop(): void;
}

/**
 * Sends the activity keep-alive (POST /extend) at most once per interval and only when real
 * activity happened since the last one: no activity, no request.
 */
export function createKeepAlive(
  timers: Timers,
  now: () => number,
  intervalMs: number,
  send: () => void,
): KeepAlive {
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let pending = false;
  const fire = () => {
    if (!pending) return;
    pending = false;
    lastSentAt = now();
    send();
  };
  return {
    noteActivity() {
      pending = true;
      if (timers.has('keep-alive')) return;
      const due = lastSentAt + intervalMs;
      if (now() >= due) fire();
      else timers.at('keep-alive', due, fire);
    },
    markExtended(at) {
      lastSentAt = Math.max(lastSentAt, at);
    },
    stop() {
      pending = false;
      timers.clear('keep-alive');
    },
  };
}
