import { expect } from 'vitest';
import { HOUR, MINUTE, sessionFixture, T0, tokenFor } from '../fixtures.ts';
import type { Check, Current, SessionAndKeyStore } from './types.ts';

// Fixture: lastActiveAt T0, idle deadline T0+15m (idleTimeoutMs 15m), absolute T0+12h.
export function touchCases(store: Current<SessionAndKeyStore>, check: Check): void {
  const seed = async (overrides: Parameters<typeof sessionFixture>[0] = {}) => {
    const session = sessionFixture({ requestCount: 0, bytesSent: 0, ...overrides });
    await store().create(session, tokenFor(session));
    return session;
  };

  check('touch slides the idle deadline from the activity time and adds counters', async () => {
    const session = await seed();
    await store().touch([
      { sessionId: session.id, lastActiveAt: T0 + 5 * MINUTE, requestCount: 3, bytesSent: 100 },
    ]);
    expect(await store().get(session.id)).toEqual({
      ...session,
      lastActiveAt: T0 + 5 * MINUTE,
      idleExpiresAt: T0 + 20 * MINUTE,
      requestCount: 3,
      bytesSent: 100,
    });
  });

  check(
    'touch is monotonic: older activity never moves deadlines back, counters still add',
    async () => {
      const session = await seed();
      const at = (ms: number, n: number) => ({
        sessionId: session.id,
        lastActiveAt: ms,
        requestCount: n,
        bytesSent: n * 10,
      });
      await store().touch([at(T0 + 5 * MINUTE, 3)]);
      await store().touch([at(T0 + 2 * MINUTE, 1)]);
      expect(await store().get(session.id)).toMatchObject({
        lastActiveAt: T0 + 5 * MINUTE,
        idleExpiresAt: T0 + 20 * MINUTE,
        requestCount: 4,
        bytesSent: 40,
        version: session.version,
      });
    },
  );

  check('touch never extends the idle deadline past the absolute deadline', async () => {
    const session = await seed({ absoluteExpiresAt: T0 + 10 * MINUTE });
    await store().touch([
      { sessionId: session.id, lastActiveAt: T0 + 5 * MINUTE, requestCount: 1, bytesSent: 0 },
    ]);
    expect(await store().get(session.id)).toMatchObject({
      lastActiveAt: T0 + 5 * MINUTE,
      idleExpiresAt: T0 + 10 * MINUTE,
    });
  });

  check('touch does not revive a session whose idle deadline passed', async () => {
    const session = await seed();
    await store().touch([
      { sessionId: session.id, lastActiveAt: T0 + 16 * MINUTE, requestCount: 1, bytesSent: 9 },
    ]);
    expect(await store().get(session.id)).toEqual(session);
  });

  check('touch does not revive a session past its absolute deadline', async () => {
    const session = await seed({ idleExpiresAt: T0 + 13 * HOUR });
    await store().touch([
      { sessionId: session.id, lastActiveAt: T0 + 12 * HOUR + 1, requestCount: 1, bytesSent: 9 },
    ]);
    expect(await store().get(session.id)).toEqual(session);
  });

  check('touch does not change a revoked session', async () => {
    const session = await seed();
    const revoked = await store().revoke({ sessionId: session.id, reason: 'logout', at: T0 + 1 });
    await store().touch([
      { sessionId: session.id, lastActiveAt: T0 + MINUTE, requestCount: 1, bytesSent: 9 },
    ]);
    expect(await store().get(session.id)).toEqual(revoked);
  });

  check('one touch call updates many sessions and ignores unknown ones', async () => {
    const ids = ['sess_a', 'sess_b', 'sess_c'];
    for (const id of ids) await seed({ id, refreshTokenHash: `h_${id}_1` });
    await store().touch([
      ...ids.map((id, i) => ({
        sessionId: id,
        lastActiveAt: T0 + (i + 1) * MINUTE,
        requestCount: i + 1,
        bytesSent: 0,
      })),
      { sessionId: 'sess_missing', lastActiveAt: T0 + MINUTE, requestCount: 1, bytesSent: 0 },
    ]);
    for (const [i, id] of ids.entries()) {
      expect(await store().get(id)).toMatchObject({
        lastActiveAt: T0 + (i + 1) * MINUTE,
        idleExpiresAt: T0 + (i + 16) * MINUTE,
        requestCount: i + 1,
      });
    }
    expect(await store().get('sess_missing')).toBeNull();
    await expect(store().touch([])).resolves.toBeUndefined();
  });
}
