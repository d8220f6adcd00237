import type { Timers } from './internal/timers.ts';

export interface Deadlines {
  idleExpiresAt: number | null;
  absoluteExpiresAt: number | null;
  warningAt: number | null;
  accessExpiresAt: number | null;
  /** When the access token arrived (client clock). */
  accessReceivedAt: number | null;
}

export interface IdleSchedulerHooks {
  /** Idle warning reached (deadline on the client clock). */
  warning(deadline: number): void;
  /** The idle or absolute deadline passed: confirm with the server before acting. */
  deadline(): void;
  /** The access token is about to expire (only scheduled when a refresh can gain time). */
  proactiveRefresh(): void;
}

/** Refresh this long before the access token expires (at most half the token's lifetime). */
const PROACTIVE_LEAD_MS = 30_000;
/** Skip proactive refresh when the token already lasts to (almost) the session deadline. */
const MIN_GAIN_MS = 5_000;

/** Timers for the idle warning, the session deadline and the proactive refresh. */
export function createIdleScheduler(timers: Timers, now: () => number, hooks: IdleSchedulerHooks) {
  let warnedFor: number | null = null;
  return {
    schedule(d: Deadlines): void {
      const end = Math.min(d.idleExpiresAt ?? Infinity, d.absoluteExpiresAt ?? Infinity);
      if (end === Infinity) {
        this.clear();
        return;
      }
      timers.at('deadline', end, hooks.deadline);
      const idle = d.idleExpiresAt;
      if (idle !== null && d.warningAt !== null && idle <= end && warnedFor !== idle) {
        timers.at('warning', d.warningAt, () => {
          if (now() >= idle) return;
          warnedFor = idle;
          hooks.warning(idle);
        });
      } else timers.clear('warning');
      const exp = d.accessExpiresAt;
      if (exp !== null && exp < end - MIN_GAIN_MS) {
        // A fixed lead longer than a short token's life would refresh again at once, in a loop.
        const lifetime = exp - (d.accessReceivedAt ?? now());
        const lead = Math.min(PROACTIVE_LEAD_MS, Math.max(0, lifetime / 2));
        timers.at('proactive', Math.max(now(), exp - lead), hooks.proactiveRefresh);
      } else timers.clear('proactive');
    },
    clear(): void {
      warnedFor = null;
      for (const name of ['deadline', 'warning', 'proactive']) timers.clear(name);
    },
  };
}

export type IdleScheduler = ReturnType<typeof createIdleScheduler>;
