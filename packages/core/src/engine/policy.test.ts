import { afterEach, describe, expect, it } from 'vitest';
import { countingStore, DAY, HOUR, MINUTE, makeEngine, signInInput } from '../../test/helpers.ts';
import { SessionLimitError } from '../errors.ts';
import type { SessionEvent } from './types.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanups.splice(0)) await close();
});

function setup(options: Parameters<typeof makeEngine>[0] = {}, store = countingStore()) {
  const h = makeEngine(options, store);
  cleanups.push(h.close);
  return { ...h, store };
}

describe('idle timeout and activity', () => {
  it('the session idles out without activity', async () => {
    const { engine, clock } = setup({ idleTimeout: '15m' });
    const { session } = await engine.signIn(signInInput());
    clock.advance(15 * MINUTE - 1);
    expect((await engine.checkSession(session.id)).ok).toBe(true);
    clock.advance(1);
    expect(await engine.checkSession(session.id)).toEqual({
      ok: false,
      code: 'session_idle_timeout',
      sessionId: session.id,
    });
  });

  it('activity slides the deadline once flushed (and already counts while pending)', async () => {
    const { engine, clock, store } = setup({ idleTimeout: '15m' });
    const { session, refreshToken } = await engine.signIn(signInInput());
    clock.advance(10 * MINUTE);
    engine.recordActivity(session.id, { bytesSent: 200 });
    clock.advance(10 * MINUTE); // 20 min after sign-in: alive only thanks to the pending activity
    expect((await engine.checkSession(session.id)).ok).toBe(true);
    expect((await engine.refresh(refreshToken, { passive: true })).ok).toBe(true);
    await engine.flushActivity();
    const stored = await store.get(session.id);
    expect(stored?.idleExpiresAt).toBe(session.createdAt + 25 * MINUTE);
    expect(stored).toMatchObject({ requestCount: 1, bytesSent: 200 });
  });

  it('passive activity does not slide, but is counted', async () => {
    const { engine, clock, store } = setup({ idleTimeout: '15m' });
    const { session } = await engine.signIn(signInInput());
    clock.advance(10 * MINUTE);
    engine.recordActivity(session.id, { passive: true, bytesSent: 50 });
    await engine.flushActivity();
    expect(await store.get(session.id)).toMatchObject({
      idleExpiresAt: session.idleExpiresAt,
      lastActiveAt: session.lastActiveAt,
      requestCount: 1,
      bytesSent: 50,
    });
    clock.advance(5 * MINUTE);
    expect(await engine.checkSession(session.id)).toMatchObject({ code: 'session_idle_timeout' });
  });

  it('coalesces: many activities become one touch per session per flush', async () => {
    const { engine, clock, store } = setup();
    const a = await engine.signIn(signInInput());
    const b = await engine.signIn(signInInput({ user: { id: 'user-2', roles: [] } }));
    for (let i = 0; i < 100; i++) {
      clock.advance(100);
      engine.recordActivity(a.session.id);
      engine.recordActivity(b.session.id);
    }
    expect(store.touches).toHaveLength(0);
    await engine.flushActivity();
    expect(store.touches).toHaveLength(1);
    expect(store.touches[0]?.map((t) => [t.sessionId, t.requestCount])).toEqual([
      [a.session.id, 100],
      [b.session.id, 100],
    ]);
    await engine.flushActivity(); // nothing pending: no write
    expect(store.touches).toHaveLength(1);
  });

  it('the periodic flush writes at most once per interval', async () => {
    const { vi } = await import('vitest');
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const { engine, store } = setup({ activityWriteInterval: '60s' });
      const { session } = await engine.signIn(signInInput());
      for (let i = 0; i < 50; i++) engine.recordActivity(session.id);
      await vi.advanceTimersByTimeAsync(59_000);
      expect(store.touches).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(store.touches).toHaveLength(1);
      for (let i = 0; i < 50; i++) engine.recordActivity(session.id);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(store.touches).toHaveLength(2);
      await engine.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('extend writes at once and returns the new deadlines', async () => {
    const { engine, clock, store } = setup({ idleTimeout: '15m' });
    const { session } = await engine.signIn(signInInput());
    clock.advance(14 * MINUTE);
    const extended = await engine.extend(session.id);
    expect(extended).toMatchObject({ ok: true, session: { idleExpiresAt: clock.t + 15 * MINUTE } });
    expect(store.touches).toHaveLength(1);
    clock.advance(15 * MINUTE);
    expect(await engine.extend(session.id)).toMatchObject({ code: 'session_idle_timeout' });
  });

  it('checkSession of an unknown id is invalid_token', async () => {
    const { engine } = setup();
    expect(await engine.checkSession('nope')).toEqual({ ok: false, code: 'invalid_token' });
  });
});

describe('absolute timeout, remember-me and roles', () => {
  it('the absolute deadline holds despite activity', async () => {
    const { engine, clock } = setup({ idleTimeout: '1h', shortAbsoluteTimeout: '2h' });
    let { session, refreshToken } = await engine.signIn(signInInput());
    for (let i = 0; i < 2; i++) {
      clock.advance(40 * MINUTE);
      const r = await engine.refresh(refreshToken);
      if (!r.ok) throw new Error(r.code);
      refreshToken = r.refreshToken;
      session = r.session;
      expect(session.idleExpiresAt).toBeLessThanOrEqual(session.absoluteExpiresAt);
    }
    clock.advance(40 * MINUTE);
    expect(await engine.checkSession(session.id)).toMatchObject({ code: 'session_expired' });
  });

  it('remember-me gets the long absolute timeout, otherwise the short one', async () => {
    const { engine } = setup();
    const short = await engine.signIn(signInInput());
    const long = await engine.signIn(signInInput({ rememberMe: true }));
    expect(short.session.absoluteExpiresAt - short.session.createdAt).toBe(12 * HOUR);
    expect(long.session.absoluteExpiresAt - long.session.createdAt).toBe(30 * DAY);
  });

  it('the strictest role policy wins, capped by the default', async () => {
    const { engine, clock } = setup({
      idleTimeout: '30m',
      rolePolicies: {
        admin: { idleTimeout: '10m', absoluteTimeout: '8h' },
        support: { idleTimeout: '20m', absoluteTimeout: '60d' },
      },
    });
    const admin = await engine.signIn(
      signInInput({ user: { id: 'a', roles: ['support', 'admin'] } }),
    );
    expect(admin.session.idleTimeoutMs).toBe(10 * MINUTE);
    expect(admin.session.absoluteExpiresAt - admin.session.createdAt).toBe(8 * HOUR);
    const support = await engine.signIn(
      signInInput({ user: { id: 's', roles: ['support'] }, rememberMe: true }),
    );
    expect(support.session.absoluteExpiresAt - support.session.createdAt).toBe(30 * DAY);
    const user = await engine.signIn(signInInput());
    expect(user.session.idleTimeoutMs).toBe(30 * MINUTE);
    clock.advance(10 * MINUTE);
    expect(await engine.checkSession(admin.session.id)).toMatchObject({
      code: 'session_idle_timeout',
    });
    expect((await engine.checkSession(user.session.id)).ok).toBe(true);
    // Activity slides an admin session by its own idle timeout, not the default.
    expect(await engine.refresh(admin.refreshToken)).toMatchObject({
      code: 'session_idle_timeout',
    });
  });
});

describe('concurrent-session limit', () => {
  it('reject throws SessionLimitError', async () => {
    const { engine } = setup({ maxSessionsPerUser: 2, sessionLimitPolicy: 'reject' });
    await engine.signIn(signInInput());
    await engine.signIn(signInInput());
    await expect(engine.signIn(signInInput())).rejects.toBeInstanceOf(SessionLimitError);
    await expect(engine.signIn(signInInput())).rejects.toMatchObject({
      code: 'session_limit_reached',
      limit: 2,
    });
    // Other users are not affected.
    await engine.signIn(signInInput({ user: { id: 'other', roles: [] } }));
  });

  it('evict_oldest ends the least recently active session', async () => {
    const { engine, clock } = setup({ maxSessionsPerUser: 2 });
    const events: SessionEvent[] = [];
    engine.on('evicted', (e) => events.push(e));
    const first = await engine.signIn(signInInput());
    clock.advance(MINUTE);
    const second = await engine.signIn(signInInput());
    clock.advance(MINUTE);
    await engine.refresh(first.refreshToken); // first is now the most recently active
    clock.advance(MINUTE);
    const third = await engine.signIn(signInInput());
    expect(third.evicted.map((s) => s.id)).toEqual([second.session.id]);
    expect(third.evicted[0]?.revokedReason).toBe('signed_in_elsewhere');
    expect(events).toHaveLength(1);
    expect(await engine.verifyAccessToken(second.accessToken)).toMatchObject({
      code: 'session_revoked',
      reason: 'signed_in_elsewhere',
    });
    expect((await engine.listSessions('user-1')).map((s) => s.id).sort()).toEqual(
      [first.session.id, third.session.id].sort(),
    );
  });
});

describe('concurrent-session limit under parallel sign-ins', () => {
  for (const policy of ['reject', 'evict_oldest'] as const) {
    it(`${policy}: 8 parallel sign-ins leave at most 2 live sessions`, async () => {
      const { engine } = setup({ maxSessionsPerUser: 2, sessionLimitPolicy: policy });
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => engine.signIn(signInInput())),
      );
      const live = await engine.listSessions('user-1');
      expect(live.length).toBeLessThanOrEqual(2);
      expect(live.length).toBeGreaterThan(0);
      const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(SessionLimitError);
      }
      if (policy === 'reject') {
        // Every successful sign-in's session is live; the losers got session_limit_reached.
        expect(won.map((t) => t.session.id).sort()).toEqual(live.map((s) => s.id).sort());
      } else {
        expect(won).toHaveLength(8);
      }
    });
  }
});

describe('sign-in', () => {
  it('creates fresh ids and ends the previous (anonymous) session', async () => {
    const { engine } = setup();
    const events: SessionEvent[] = [];
    engine.on('created', (e) => events.push(e));
    const guest = await engine.signIn(
      signInInput({ user: { id: 'anon:1', roles: [] }, kind: 'anonymous' }),
    );
    const user = await engine.signIn(signInInput({ previousSessionId: guest.session.id }));
    expect(user.session.id).not.toBe(guest.session.id);
    expect(user.session.id.length).toBeGreaterThanOrEqual(22);
    expect(user.refreshToken).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(user.refreshToken.startsWith(`${user.session.id}.`)).toBe(true);
    expect(await engine.checkSession(guest.session.id)).toMatchObject({ code: 'session_revoked' });
    expect(events).toHaveLength(2);
  });

  it("does not end another user's session given as previousSessionId", async () => {
    const { engine } = setup();
    const victim = await engine.signIn(signInInput({ user: { id: 'victim', roles: [] } }));
    await engine.signIn(signInInput({ previousSessionId: victim.session.id }));
    expect((await engine.checkSession(victim.session.id)).ok).toBe(true);
  });

  it('a throwing listener does not break the engine', async () => {
    const { engine } = setup();
    const off = engine.on('created', () => {
      throw new Error('listener bug');
    });
    let calls = 0;
    engine.on('created', () => {
      calls += 1;
    });
    await engine.signIn(signInInput());
    off();
    await engine.signIn(signInInput());
    expect(calls).toBe(2);
  });
});
