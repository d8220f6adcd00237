import { SessionClientError } from './errors.ts';
import type { Timers } from './internal/timers.ts';
import type { LockManagerLike } from './types.ts';

/** The breaker's window never shrinks below this, whatever the token lifetime. */
const MIN_WINDOW_MS = 5_000;

export interface RefreshCoordinatorOptions {
  locks: LockManagerLike | null;
  lockName: string;
  lockTimeoutMs: number;
  maxAttempts: number;
  windowMs: number;
  now: () => number;
  timers: Timers;
  /** Increments whenever a new access token is set (own refresh, login or another tab). */
  tokenSeq(): number;
  /** Lifetime of the current access token, ms (null when unknown). */
  tokenLifetimeMs(): number | null;
  /** True when the current access token is usable for a while. */
  hasFreshToken(): boolean;
  /** The actual POST /refresh and state update. */
  perform(passive: boolean): Promise<void>;
  /** Too many attempts in the window: sign out, never loop. */
  onBreakerTripped(): void;
}

export interface RefreshCoordinator {
  /** Single flight: concurrent callers share one refresh. */
  refresh(passive: boolean): Promise<void>;
  inFlight(): Promise<void> | null;
  dispose(): void;
}

/**
 * One refresh at a time per tab (shared promise) and across tabs (Web Lock). A tab that gets
 * the lock after another tab already refreshed uses the broadcast token instead of calling
 * /refresh. A circuit breaker caps attempts per window so no refresh loop is possible.
 */
export function createRefreshCoordinator(o: RefreshCoordinatorOptions): RefreshCoordinator {
  let current: Promise<void> | null = null;
  let attempts: number[] = [];
  let lockAbort: AbortController | null = null;

  const allowAttempt = (): boolean => {
    const t = o.now();
    // Tokens shorter than the window legitimately refresh more often (about twice per lifetime),
    // so the window shrinks with them, never below MIN_WINDOW_MS: a loop is still caught.
    const lifetime = o.tokenLifetimeMs() ?? Number.POSITIVE_INFINITY;
    const windowMs = Math.min(o.windowMs, Math.max(MIN_WINDOW_MS, lifetime));
    attempts = attempts.filter((a) => t - a < windowMs);
    if (attempts.length >= o.maxAttempts) return false;
    attempts.push(t);
    return true;
  };

  const critical = async (seq: number, passive: boolean): Promise<void> => {
    if (o.tokenSeq() !== seq && o.hasFreshToken()) return;
    if (!allowAttempt()) {
      o.onBreakerTripped();
      throw new SessionClientError('session_expired', { code: 'refresh_loop' });
    }
    await o.perform(passive);
  };

  const withLock = async (fn: () => Promise<void>): Promise<void> => {
    if (!o.locks) return fn();
    const abort = new AbortController();
    lockAbort = abort;
    let entered = false;
    // Without a timeout a frozen tab holding the lock would block every other tab forever.
    o.timers.at('refresh-lock', o.now() + o.lockTimeoutMs, () => abort.abort());
    try {
      return await o.locks.request(o.lockName, { signal: abort.signal }, () => {
        entered = true;
        o.timers.clear('refresh-lock');
        return fn();
      });
    } catch (error) {
      // Timed out waiting: refresh anyway; the server's grace window covers a double refresh.
      if (!entered && abort.signal.aborted) return fn();
      throw error;
    } finally {
      o.timers.clear('refresh-lock');
      lockAbort = null;
    }
  };

  return {
    refresh(passive) {
      if (current) return current;
      const seq = o.tokenSeq();
      const run = withLock(() => critical(seq, passive)).finally(() => {
        current = null;
      });
      current = run;
      return run;
    },
    inFlight: () => current,
    dispose() {
      lockAbort?.abort();
      o.timers.clear('refresh-lock');
    },
  };
}
