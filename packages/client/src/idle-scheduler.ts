import type { Timers } from './internal/timers.ts';

export interface Deadlines {
  idleExpiresAt: number | null;
  absoluteExpiresAt: number | null;
  warningAt: number | null;
  accessExpiresAt: number | null;
}

export interface IdleSchedulerHooks {
  /** Idle warning reached (deadline on the client clock). */
  warning(deadline: number): void;
  /** The idle or absolute deadline passed: confirm with the server before acting. */
  deadline(): void;
  /** The access token is about to expire (only scheduled when a refresh can gain time). */
  proactiveRefresh(): void;
}

/** Refresh this long before the access token expires. */
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
        timers.at('proactive', Math.max(now(), exp - PROACTIVE_LEAD_MS), hooks.proactiveRefresh);
      } else timers.clear('proactive');
    },
    clear(): void {
      warnedFor = null;
      for (const name of ['deadline', 'warning', 'proactive']) timers.clear(name);
    },
  };
}

export type IdleScheduler = ReturnType<typeof createIdleScheduler>;
