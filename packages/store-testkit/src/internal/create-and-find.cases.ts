import { expect } from 'vitest';
import { sessionFixture, T0, tokenFor, tokenHash } from '../fixtures.ts';
import type { Check, Current, SessionAndKeyStore } from './types.ts';

export function createAndFindCases(store: Current<SessionAndKeyStore>, check: Check): void {
  check('create then get returns every field unchanged', async () => {
    const session = sessionFixture();
    await store().create(session, tokenFor(session));
    expect(await store().get(session.id)).toEqual(session);
  });

  check('round trip keeps nulls, an anonymous kind, empty roles and no data', async () => {
    const session = sessionFixture({
      id: 'sess_anon',
      userId: 'anon_1',
      kind: 'anonymous',
      roles: [],
      rememberMe: true,
      aal: 1,
      device: { type: 'unknown', name: 'Unknown device', browser: null, os: null, userAgent: null },
      ip: null,
      location: null,
      data: null,
      dataVersion: 0,
      requestCount: 0,
      bytesSent: 0,
    });
    await store().create(session, tokenFor(session));
    expect(await store().get(session.id)).toEqual(session);
  });

  check('countLive (when the store has it) counts only live sessions, across users', async () => {
    const s = store();
    if (s.countLive === undefined) return;
    const live = [
      sessionFixture({ id: 'sess_live_1' }),
      sessionFixture({ id: 'sess_live_2', userId: 'user_2' }),
    ];
    const idle = sessionFixture({ id: 'sess_idle', idleExpiresAt: T0 + 1000 });
    const revoked = sessionFixture({ id: 'sess_rev' });
    for (const session of [...live, idle, revoked]) {
      await s.create(session, tokenFor(session));
    }
    await s.revoke({ sessionId: 'sess_rev', reason: 'admin', at: T0 + 10 });
    expect(await s.countLive(T0 + 2000)).toBe(2);
    expect(await s.countLive(T0 + 500)).toBe(3);
  });

  check('get of an unknown id is null', async () => {
    expect(await store().get('sess_missing')).toBeNull();
  });

  check('a duplicate session id is rejected and changes nothing', async () => {
    const session = sessionFixture();
    await store().create(session, tokenFor(session));
    const again = sessionFixture({ userId: 'user_2', refreshTokenHash: 'h_other' });
    await expect(
      store().create(again, { ...tokenFor(session), hash: 'h_other' }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await store().get(session.id)).toEqual(session);
    expect(await store().findRefreshToken(session.id, 'h_other')).toBeNull();
  });

  check('a token is found only under the session it was issued for', async () => {
    const first = sessionFixture();
    const second = sessionFixture({ id: 'sess_2', refreshTokenHash: tokenHash('sess_2', 1) });
    await store().create(first, tokenFor(first));
    await store().create(second, tokenFor(second));
    expect(await store().findRefreshToken(second.id, first.refreshTokenHash)).toBeNull();
    expect(await store().findRefreshToken('sess_missing', first.refreshTokenHash)).toBeNull();
    expect((await store().findRefreshToken(first.id, first.refreshTokenHash))?.sessionId).toBe(
      first.id,
    );
  });

  check('a rejected write does not take concurrent writes down with it', async () => {
    const first = sessionFixture();
    await store().create(first, tokenFor(first));
    const fresh = sessionFixture({ id: 'sess_2', refreshTokenHash: tokenHash('sess_2', 1) });
    const [duplicate, ok] = await Promise.allSettled([
      store().create(sessionFixture(), { ...tokenFor(first), hash: 'h_dup' }),
      store().create(fresh, tokenFor(fresh)),
    ]);
    expect(duplicate.status).toBe('rejected');
    expect(ok.status).toBe('fulfilled');
    expect(await store().get('sess_2')).toEqual(fresh);
  });

  check('findRefreshToken returns the first token and null for an unknown hash', async () => {
    const session = sessionFixture();
    await store().create(session, tokenFor(session, 1, T0 + 5));
    expect(await store().findRefreshToken(session.id, tokenHash(session.id, 1))).toEqual({
      hash: tokenHash(session.id, 1),
      sessionId: session.id,
      generation: 1,
      issuedAt: T0 + 5,
    });
    expect(await store().findRefreshToken(session.id, 'h_unknown')).toBeNull();
  });

  check('ping resolves on a healthy store', async () => {
    await expect(store().ping()).resolves.toBeUndefined();
  });
}
