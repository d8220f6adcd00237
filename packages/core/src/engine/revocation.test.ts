import { afterEach, describe, expect, it, vi } from 'vitest';
import { MINUTE, makeEngine, signInInput } from '../../test/helpers.ts';
import { StoreUnavailableError } from '../errors.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { RevokedSession } from '../store/session-store.ts';
import type { RevocationFeed } from './revocation-feed.ts';
import type { SessionEvent } from './types.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const close of cleanups.splice(0)) await close();
});

function setup(options: Parameters<typeof makeEngine>[0] = {}, store = createMemoryStore()) {
  const h = makeEngine(options, store);
  cleanups.push(h.close);
  return h;
}

/** An in-process feed (what Redis pub/sub does across instances). */
function memoryFeed() {
  const listeners = new Set<(r: RevokedSession) => void>();
  const recoveries = new Set<() => void>();
  const feed = {
    healthy: true,
    /** Simulates a reconnect + resubscribe that nobody observed as unhealthy. */
    recover() {
      for (const r of recoveries) r();
    },
    published: [] as RevokedSession[],
    async publish(revoked: RevokedSession) {
      feed.published.push(revoked);
      for (const l of listeners) l(revoked);
    },
    async subscribe(listener: (r: RevokedSession) => void, onResubscribed?: () => void) {
      listeners.add(listener);
      if (onResubscribed) recoveries.add(onResubscribed);
      return async () => {
        listeners.delete(listener);
      };
    },
    isHealthy: () => feed.healthy,
  };
  return feed satisfies RevocationFeed;
}

describe('revocation takes effect at once', () => {
  it('logout refuses the old access token before its exp', async () => {
    const { engine } = setup();
    const events: SessionEvent[] = [];
    engine.on('revoked', (e) => events.push(e));
    const t = await engine.signIn(signInInput());
    expect((await engine.verifyAccessToken(t.accessToken)).ok).toBe(true);
    expect(await engine.revokeSession(t.session.id, 'logout')).toBe(true);
    expect(await engine.revokeSession(t.session.id, 'logout')).toBe(false);
    expect(await engine.verifyAccessToken(t.accessToken)).toEqual({
      ok: false,
      code: 'session_revoked',
      reason: 'logout',
      sessionId: t.session.id,
    });
    expect(await engine.refresh(t.refreshToken)).toMatchObject({
      code: 'session_revoked',
      reason: 'logout',
    });
    expect(events).toHaveLength(1);
  });

  it('revokeUserSessions keeps the current session', async () => {
    const { engine } = setup();
    const current = await engine.signIn(signInInput());
    const other1 = await engine.signIn(signInInput());
    const other2 = await engine.signIn(signInInput());
    const stranger = await engine.signIn(signInInput({ user: { id: 'u2', roles: [] } }));
    const n = await engine.revokeUserSessions('user-1', 'revoked_by_user', {
      exceptSessionId: current.session.id,
    });
    expect(n).toBe(2);
    expect((await engine.verifyAccessToken(current.accessToken)).ok).toBe(true);
    expect((await engine.verifyAccessToken(stranger.accessToken)).ok).toBe(true);
    for (const t of [other1, other2]) {
      expect(await engine.verifyAccessToken(t.accessToken)).toMatchObject({
        code: 'session_revoked',
        reason: 'revoked_by_user',
      });
    }
  });

  it('passwordChanged ends the others with reason password_changed and emits a count', async () => {
    const { engine } = setup();
    const events: SessionEvent[] = [];
    engine.on('password_changed', (e) => events.push(e));
    const keep = await engine.signIn(signInInput());
    const other = await engine.signIn(signInInput());
    expect(await engine.passwordChanged('user-1', keep.session.id)).toBe(1);
    expect(await engine.verifyAccessToken(other.accessToken)).toMatchObject({
      reason: 'password_changed',
    });
    expect((await engine.checkSession(keep.session.id)).ok).toBe(true);
    expect(events).toEqual([expect.objectContaining({ userId: 'user-1', revoked: 1 })]);
  });

  it('the revocation entry is forgotten once no token can be alive', async () => {
    const { engine, clock } = setup();
    const t = await engine.signIn(signInInput());
    await engine.revokeSession(t.session.id, 'logout');
    clock.advance(15 * MINUTE + 5_000);
    // The token is expired anyway: the answer is token_expired, never "ok".
    expect(await engine.verifyAccessToken(t.accessToken)).toEqual({
      ok: false,
      code: 'token_expired',
    });
  });
});

describe('revocations from other processes', () => {
  it('a revocation written directly to the store is picked up by polling', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const store = createMemoryStore();
    const { engine, clock } = setup({ revocationPollInterval: '2s' }, store);
    const t = await engine.signIn(signInInput());
    expect((await engine.verifyAccessToken(t.accessToken)).ok).toBe(true);
    // "The CLI": another process revokes through the store only.
    await store.revoke({ sessionId: t.session.id, reason: 'admin', at: clock.now() });
    expect((await engine.verifyAccessToken(t.accessToken)).ok).toBe(true); // not yet polled
    clock.advance(2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await engine.verifyAccessToken(t.accessToken)).toMatchObject({
      code: 'session_revoked',
      reason: 'admin',
    });
  });

  it('recent revocations are loaded at start', async () => {
    const store = createMemoryStore();
    const first = setup({}, store);
    const t = await first.engine.signIn(signInInput());
    await store.revoke({
      sessionId: t.session.id,
      reason: 'suspicious_activity',
      at: first.clock.now(),
    });
    const second = setup({ clock: first.clock }, store);
    expect(await second.engine.verifyAccessToken(t.accessToken)).toMatchObject({
      code: 'session_revoked',
      reason: 'suspicious_activity',
    });
  });

  it('the feed carries revocations between instances and every revoke is published', async () => {
    const store = createMemoryStore();
    const feed = memoryFeed();
    const a = setup({ revocationFeed: feed }, store);
    const b = setup({ revocationFeed: feed, clock: a.clock }, store);
    const t = await a.engine.signIn(signInInput());
    expect((await b.engine.verifyAccessToken(t.accessToken)).ok).toBe(true);
    await a.engine.revokeSession(t.session.id, 'logout');
    expect(feed.published.map((r) => r.sessionId)).toEqual([t.session.id]);
    expect(await b.engine.verifyAccessToken(t.accessToken)).toMatchObject({
      code: 'session_revoked',
    });
  });
});

describe('fail closed', () => {
  it('an unhealthy feed makes verification throw StoreUnavailableError', async () => {
    const feed = memoryFeed();
    const { engine } = setup({ revocationFeed: feed });
    const t = await engine.signIn(signInInput());
    feed.healthy = false;
    await expect(engine.verifyAccessToken(t.accessToken)).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await expect(engine.verifyAccessToken(t.accessToken)).rejects.toMatchObject({
      code: 'unavailable',
    });
    feed.healthy = true;
    expect((await engine.verifyAccessToken(t.accessToken)).ok).toBe(true);
  });

  it('after a feed outage, revocations the feed missed are read from the store first', async () => {
    const store = createMemoryStore();
    const feed = memoryFeed();
    const { engine, clock } = setup({ revocationFeed: feed }, store);
    const t = await engine.signIn(signInInput());
    expect((await engine.verifyAccessToken(t.accessToken)).ok).toBe(true);
    feed.healthy = false;
    await expect(engine.verifyAccessToken(t.accessToken)).rejects.toMatchObject({
      code: 'unavailable',
    });
    // Another instance revoked the session while the feed was down: only the store knows.
    await store.revoke({ sessionId: t.session.id, reason: 'admin', at: clock.now() });
    feed.healthy = true;
    expect(await engine.verifyAccessToken(t.accessToken)).toMatchObject({
      code: 'session_revoked',
      reason: 'admin',
    });
  });

  it('a resubscribed feed makes the engine catch up from the store even if nobody saw it down', async () => {
    const store = createMemoryStore();
    const feed = memoryFeed();
    const { engine, clock } = setup({ revocationFeed: feed }, store);
    const t = await engine.signIn(signInInput());
    expect((await engine.verifyAccessToken(t.accessToken)).ok).toBe(true);
    await store.revoke({ sessionId: t.session.id, reason: 'admin', at: clock.now() });
    feed.recover();
    expect(await engine.verifyAccessToken(t.accessToken)).toMatchObject({
      code: 'session_revoked',
      reason: 'admin',
    });
  });

  it('refresh also fails closed while the feed is down', async () => {
    const feed = memoryFeed();
    const { engine } = setup({ revocationFeed: feed });
    const t = await engine.signIn(signInInput());
    feed.healthy = false;
    await expect(engine.refresh(t.refreshToken)).rejects.toMatchObject({ code: 'unavailable' });
    feed.healthy = true;
    expect((await engine.refresh(t.refreshToken)).ok).toBe(true);
  });

  it('polling that fails for longer than 3 intervals makes verification throw', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const store = createMemoryStore();
    const { engine, clock } = setup({ revocationPollInterval: '2s' }, store);
    const t = await engine.signIn(signInInput());
    const listRevokedSince = store.listRevokedSince;
    store.listRevokedSince = async () => {
      throw new StoreUnavailableError('down');
    };
    for (let i = 0; i < 3; i++) {
      clock.advance(2_000);
      await vi.advanceTimersByTimeAsync(2_000);
    }
    expect((await engine.verifyAccessToken(t.accessToken)).ok).toBe(true); // 6 s: at the limit
    clock.advance(2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(engine.verifyAccessToken(t.accessToken)).rejects.toMatchObject({
      code: 'unavailable',
    });
    store.listRevokedSince = listRevokedSince;
    clock.advance(2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect((await engine.verifyAccessToken(t.accessToken)).ok).toBe(true);
  });

  it('a store that is down at start fails closed and recovers later', async () => {
    const store = createMemoryStore();
    const listKeys = store.listKeys;
    store.listKeys = async () => {
      throw new StoreUnavailableError('down');
    };
    const { engine } = setup({}, store);
    await expect(engine.verifyAccessToken('x.y.z')).rejects.toMatchObject({ code: 'unavailable' });
    store.listKeys = listKeys;
    expect(await engine.verifyAccessToken('x.y.z')).toEqual({ ok: false, code: 'invalid_token' });
  });
});

describe('a revocation whose announcement was lost', () => {
  it('a retry that finds the session already revoked announces it (once)', async () => {
    const store = createMemoryStore();
    let failNextRevoke = false;
    // The store revokes, then fails a later step (as a store with a second write can).
    const flaky = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop !== 'revoke') return Reflect.get(target, prop, receiver);
        return async (input: Parameters<typeof store.revoke>[0]) => {
          const revoked = await target.revoke(input);
          if (failNextRevoke) {
            failNextRevoke = false;
            throw new StoreUnavailableError('second step failed (test)');
          }
          return revoked;
        };
      },
    });
    const feed = memoryFeed();
    const { engine, clock } = setup({ revocationFeed: feed }, flaky);
    const t = await engine.signIn(signInInput());
    failNextRevoke = true;
    await expect(engine.revokeSession(t.session.id, 'admin')).rejects.toMatchObject({
      code: 'unavailable',
    });
    expect(feed.published).toHaveLength(0);
    clock.advance(1000);
    expect(await engine.revokeSession(t.session.id, 'admin')).toBe(false);
    expect(feed.published.map((r) => [r.sessionId, r.reason])).toEqual([[t.session.id, 'admin']]);
    expect(await engine.verifyAccessToken(t.accessToken)).toMatchObject({
      code: 'session_revoked',
      reason: 'admin',
    });
    // Already announced: a further retry stays quiet.
    expect(await engine.revokeSession(t.session.id, 'admin')).toBe(false);
    expect(feed.published).toHaveLength(1);
  });

  it('another instance announces it too, but not after the access TTL', async () => {
    const store = createMemoryStore();
    const feed = memoryFeed();
    const a = setup({ accessTtl: '15m' }, store);
    const t = await a.engine.signIn(signInInput());
    await store.revoke({ sessionId: t.session.id, reason: 'admin', at: a.clock.now() });
    a.clock.advance(16 * MINUTE);
    const b = setup({ revocationFeed: feed, clock: a.clock }, store);
    expect(await b.engine.revokeSession(t.session.id, 'admin')).toBe(false);
    expect(feed.published).toHaveLength(0);
  });
});

describe('publishing a revocation', () => {
  function failingFeed(failures: number) {
    const feed = memoryFeed();
    const publish = feed.publish;
    let left = failures;
    let attempts = 0;
    const flaky = Object.assign(feed, {
      attempts: () => attempts,
      async publish(revoked: RevokedSession) {
        attempts += 1;
        if (left-- > 0) throw new Error('publish failed (test)');
        return publish(revoked);
      },
    });
    return flaky;
  }

  it('a publish that fails twice is retried and reaches the other instances', async () => {
    const feed = failingFeed(2);
    const { engine } = setup({ revocationFeed: feed });
    const t = await engine.signIn(signInInput());
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let done = false;
    const revoking = engine.revokeSession(t.session.id, 'admin').then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(250);
    await revoking;
    expect(done).toBe(true);
    expect(feed.attempts()).toBe(3);
    expect(feed.published.map((r) => r.sessionId)).toEqual([t.session.id]);
  });

  it('the caller waits at most about 1 s; the retries go on in the background', async () => {
    const feed = failingFeed(4);
    const { engine } = setup({ revocationFeed: feed });
    const t = await engine.signIn(signInInput());
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let done = false;
    const revoking = engine.revokeSession(t.session.id, 'admin').then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await revoking;
    expect(done).toBe(true);
    expect(feed.published).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(feed.attempts()).toBe(5);
    expect(feed.published.map((r) => r.sessionId)).toEqual([t.session.id]);
  });
});
