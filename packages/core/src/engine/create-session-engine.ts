import { StoreUnavailableError, TesseraError } from '../errors.ts';
import { LruCache } from '../internal/lru-cache.ts';
import { checkSession, extend, flushActivity } from './activity.ts';
import { ActivityBuffer } from './activity-buffer.ts';
import { cleanup } from './cleanup.ts';
import type { EngineContext } from './context.ts';
import { EventHub } from './events.ts';
import { KeyRing } from './key-ring.ts';
import type { EngineOptions } from './options.ts';
import { readSessionData } from './read-session-data.ts';
import { reauthenticate } from './reauthenticate.ts';
import { refresh } from './refresh.ts';
import { resolveOptions } from './resolve-options.ts';
import { RevocationSet } from './revocation-set.ts';
import { RevocationSync, unref } from './revocation-sync.ts';
import { passwordChanged, revokeSession, revokeUserSessions } from './revoke.ts';
import { revokeByRefreshToken } from './revoke-by-refresh-token.ts';
import { signIn } from './sign-in.ts';
import { startAnonymous } from './start-anonymous.ts';
import type { SessionEngine } from './types.ts';
import { updateSessionData } from './update-session-data.ts';
import { verifyAccessToken } from './verify-access.ts';

const EXPIRED_SEEN_SIZE = 10_000;

/**
 * Builds a session engine. Options are validated here (ConfigError names the option); keys and
 * recent revocations load on first use, and `close()` stops the background timers.
 */
export function createSessionEngine(engineOptions: EngineOptions): SessionEngine {
  const options = resolveOptions(engineOptions);
  const ring = new KeyRing(options);
  const revocations = new RevocationSet(options.accessTtlMs);
  const sync = new RevocationSync(options, revocations, ring);
  let started: Promise<void> | undefined;
  let isStarted = false;
  let flushTimer: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const ctx: EngineContext = {
    options,
    ring,
    revocations,
    activity: new ActivityBuffer(),
    events: new EventHub(),
    expiredSeen: new LruCache(EXPIRED_SEEN_SIZE),
    verifyCache: new LruCache(options.verifyCacheSize),
    snapshots: new LruCache(options.sessionCacheSize),
    ready() {
      started ??= start().catch((error: unknown) => {
        started = undefined; // the next call retries
        // Misconfiguration stays what it is; any other start-up failure means "unavailable".
        if (error instanceof TesseraError) throw error;
        throw new StoreUnavailableError('The session engine could not start', { cause: error });
      });
      return started;
    },
    assertFresh: () => sync.assertFresh(),
  };

  async function start(): Promise<void> {
    await ring.load();
    await sync.start();
    if (closed) return sync.stop();
    isStarted = true;
    flushTimer = setInterval(() => {
      flushActivity(ctx).catch(() => {
        // Stays pending; the next interval (or close) writes it.
      });
    }, options.activityWriteIntervalMs);
    unref(flushTimer);
  }

  return {
    signIn: (input) => signIn(ctx, input),
    startAnonymous: (input) => startAnonymous(ctx, input),
    readSessionData: (sessionId) => readSessionData(ctx, sessionId),
    updateSessionData: (sessionId, patch) => updateSessionData(ctx, sessionId, patch),
    refresh: (token, refreshOptions) => refresh(ctx, token, refreshOptions ?? {}),
    reauthenticate: (input) => reauthenticate(ctx, input),
    verifyAccessToken: (token) => verifyAccessToken(ctx, token),
    checkSession: (sessionId) => checkSession(ctx, sessionId),
    recordActivity(sessionId, activity) {
      const bytes = activity?.bytesSent;
      const bytesSent = typeof bytes === 'number' && bytes > 0 ? bytes : 0;
      ctx.activity.record(sessionId, options.clock.now(), bytesSent, activity?.passive === true);
    },
    extend: (sessionId) => extend(ctx, sessionId),
    async listSessions(userId) {
      await ctx.ready();
      return options.store.listForUser(userId, options.clock.now());
    },
    revokeSession: (sessionId, reason) => revokeSession(ctx, sessionId, reason),
    revokeByRefreshToken: (token, reason) => revokeByRefreshToken(ctx, token, reason),
    revokeUserSessions: (userId, reason, revokeOptions) =>
      revokeUserSessions(ctx, userId, reason, revokeOptions?.exceptSessionId),
    passwordChanged: (userId, keepSessionId) => passwordChanged(ctx, userId, keepSessionId),
    flushActivity: () => flushActivity(ctx),
    async rotateSigningKey() {
      await ctx.ready();
      return ring.rotate();
    },
    async jwks() {
      await ctx.ready();
      return ring.jwks();
    },
    on: (type, listener) => ctx.events.on(type, listener),
    start: () => ctx.ready(),
    get started() {
      return isStarted;
    },
    async cleanup() {
      await ctx.ready();
      return cleanup(ctx);
    },
    async close() {
      closed = true;
      if (flushTimer !== undefined) clearInterval(flushTimer);
      flushTimer = undefined;
      await sync.stop();
      await flushActivity(ctx);
    },
  };
}
