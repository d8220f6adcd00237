import { SessionClientError } from './errors.ts';
import type { Marker } from './internal/local-store.ts';
import type { Timers } from './internal/timers.ts';
import type { LockManagerLike } from './types.ts';

/** The breaker's window never shrinks below this, whatever the token lifetime. */
const MIN_WINDOW_MS = 5_000;
/** Backoff after a transient refresh failure: 1 s doubling to 60 s (or Retry-After, if longer). */
const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;
/** Failures that say nothing about the session: never counted by the breaker, never sign out. */
const TRANSIENT = new Set(['network', 'timeout', 'server', 'rate_limited']);
/** How long a tab waits for another tab's token broadcast before refreshing itself. */
// Long enough for a busy machine to deliver the winner's broadcast; only paid in that race.
const BROADCAST_WAIT_MS = 1_500;
const POLL_MS = 20;

/** Runs `fn` once `before` (if any) has settled, whatever its outcome. */
async function after<T>(before: Promise<unknown> | null, fn: () => Promise<T>): Promise<T> {
  if (before) await before.catch(() => {});
  return fn();
}

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
  /** Shared "last refresh at" marker (localStorage: time and tab id, never a token). */
  lastRefresh: Marker;
}

export interface RefreshCoordinator {
  /** Single flight: concurrent callers share one refresh. */
  refresh(passive: boolean): Promise<void>;
  /**
   * Runs `fn` (a step-up, which rotates the refresh token too) in a refresh's place: after the
   * refresh or step-up in flight, under the same cross-tab lock. Refreshes asked for meanwhile
   * wait for it, then refresh only if it left no fresh token.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  inFlight(): Promise<void> | null;
  dispose(): void;
}

/**
 * One refresh at a time per tab (shared promise) and across tabs (Web Lock). A tab that gets
 * the lock after another tab already refreshed uses the broadcast token instead of calling
 * /refresh. A circuit breaker caps successful refreshes per window (a refresh loop: the new token
 * is refused again at once), so no loop is possible; network errors, 5xx and 429 are not a loop,
 * they back off instead and never sign out.
 */
export function createRefreshCoordinator(o: RefreshCoordinatorOptions): RefreshCoordinator {
  let current: Promise<void> | null = null;
  let stepUp: Promise<unknown> | null = null;
  let attempts: number[] = [];
  let lockAbort: AbortController | null = null;

  // Backoff after a refresh that failed without an answer on the session (network, 5xx, 429).
  let backoffUntil = Number.NEGATIVE_INFINITY;
  let backoffMs = 0;
  let backoffError: unknown = null;

  /** Successful refreshes in the window: a loop (refresh, token_expired again, …) shows here. */
  const recent = (): number[] => {
    const t = o.now();
    // Tokens shorter than the window legitimately refresh more often (about twice per lifetime),
    // so the window shrinks with them, never below MIN_WINDOW_MS: a loop is still caught.
    const lifetime = o.tokenLifetimeMs() ?? Number.POSITIVE_INFINITY;
    const windowMs = Math.min(o.windowMs, Math.max(MIN_WINDOW_MS, lifetime));
    attempts = attempts.filter((a) => t - a < windowMs);
    return attempts;
  };

  const backOff = (error: unknown) => {
    const retryAfterMs = ((error as SessionClientError).retryAfterSeconds ?? 0) * 1000;
    backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(MIN_BACKOFF_MS, backoffMs * 2, retryAfterMs));
    backoffUntil = o.now() + backoffMs;
    backoffError = error;
  };

  const tabId = Math.random().toString(36).slice(2);
  const fresh = (seq: number) => o.tokenSeq() !== seq && o.hasFreshToken();
  /** Another tab refreshed since `since`, per the shared marker. */
  const otherTabRefreshed = (since: number) => {
    const [at, tab] = (o.lastRefresh.get() ?? '').split(':');
    return tab !== undefined && tab !== tabId && Number(at) >= since;
  };
  const waitForToken = (seq: number) =>
    new Promise<void>((resolve) => {
      const until = o.now() + BROADCAST_WAIT_MS;
      const poll = () => {
        if (o.tokenSeq() !== seq || o.now() >= until) resolve();
        else o.timers.at('refresh-wait', o.now() + POLL_MS, poll);
      };
      poll();
    });

  const critical = async (seq: number, since: number, passive: boolean): Promise<void> => {
    if (fresh(seq)) return;
    // The lock was released by a tab whose broadcast has not arrived yet: wait for it briefly
    // rather than calling /refresh a second time.
    if (o.tokenSeq() === seq && otherTabRefreshed(since)) {
      await waitForToken(seq);
      if (fresh(seq)) return;
    }
    // The service or the network is struggling: surface the error, keep the session.
    if (o.now() < backoffUntil) throw backoffError;
    if (recent().length >= o.maxAttempts) {
      o.onBreakerTripped();
      throw new SessionClientError('session_expired', { code: 'refresh_loop' });
    }
    try {
      await o.perform(passive);
    } catch (error) {
      if (error instanceof SessionClientError && TRANSIENT.has(error.kind)) backOff(error);
      throw error;
    }
    attempts.push(o.now());
    o.lastRefresh.set(`${o.now()}:${tabId}`);
    backoffMs = 0;
    backoffUntil = Number.NEGATIVE_INFINITY;
  };

  const withLock = async <T>(fn: () => Promise<T>): Promise<T> => {
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
      const since = o.now();
      const before = stepUp;
      const run = after(before, () => withLock(() => critical(seq, since, passive))).finally(() => {
        current = null;
      });
      current = run;
      return run;
    },
    exclusive(fn) {
      const run = after(current ?? stepUp, () =>
        withLock(async () => {
          const result = await fn();
          o.lastRefresh.set(`${o.now()}:${tabId}`); // other tabs wait for its broadcast
          return result;
        }),
      );
      const tracked = run.finally(() => {
        if (stepUp === tracked) stepUp = null;
      });
      tracked.catch(() => {}); // the caller handles `run`'s rejection
      stepUp = tracked;
      return run;
    },
    inFlight: () => current,
    dispose() {
      lockAbort?.abort();
      o.timers.clear('refresh-lock');
      o.timers.clear('refresh-wait');
    },
  };
}
