import type { SessionRecord } from '@tessera/core';
import { expect } from 'vitest';
import { HOUR, MINUTE, sessionFixture, T0, tokenFor, tokenHash } from '../fixtures.ts';
import type { Check, Current, SessionAndKeyStore } from './types.ts';

export function dataAndCleanupCases(store: Current<SessionAndKeyStore>, check: Check): void {
  const seed = async (overrides: Partial<SessionRecord>) => {
    const session = sessionFixture({ refreshTokenHash: `h_${overrides.id}_1`, ...overrides });
    await store().create(session, tokenFor(session));
    return session;
  };

  check('updateData is a compare-and-set on dataVersion', async () => {
    await seed({ id: 'sess_1', data: null, dataVersion: 0 });
    expect(
      await store().updateData({ sessionId: 'sess_1', expectedDataVersion: 0, data: 'v1' }),
    ).toBe(1);
    expect(await store().get('sess_1')).toMatchObject({ data: 'v1', dataVersion: 1 });
    expect(
      await store().updateData({ sessionId: 'sess_1', expectedDataVersion: 0, data: 'lost' }),
    ).toBeNull();
    expect(await store().get('sess_1')).toMatchObject({ data: 'v1', dataVersion: 1 });
    expect(
      await store().updateData({ sessionId: 'sess_1', expectedDataVersion: 1, data: null }),
    ).toBe(2);
    expect(await store().get('sess_1')).toMatchObject({ data: null, dataVersion: 2 });
    expect(
      await store().updateData({ sessionId: 'sess_missing', expectedDataVersion: 0, data: 'x' }),
    ).toBeNull();
  });

  check('updateData refuses a revoked session', async () => {
    await seed({ id: 'sess_1', data: 'before', dataVersion: 4 });
    await store().revoke({ sessionId: 'sess_1', reason: 'logout', at: T0 + 1 });
    expect(
      await store().updateData({ sessionId: 'sess_1', expectedDataVersion: 4, data: 'after' }),
    ).toBeNull();
    expect(await store().get('sess_1')).toMatchObject({ data: 'before', dataVersion: 4 });
  });

  check(
    'deleteExpired deletes ended sessions (revoked, idle, absolute, refresh expiry) with all their tokens',
    async () => {
      const live = await seed({ id: 'sess_live', idleExpiresAt: T0 + 2 * HOUR });
      await seed({ id: 'sess_revoked' });
      await store().rotate({
        sessionId: 'sess_revoked',
        expectedVersion: 1,
        newToken: tokenFor({ id: 'sess_revoked' }, 2),
        refreshGraceUntil: T0,
        refreshExpiresAt: T0 + HOUR,
      });
      await store().revoke({ sessionId: 'sess_revoked', reason: 'logout', at: T0 + MINUTE });
      await seed({ id: 'sess_idle', idleExpiresAt: T0 + 30 * MINUTE });
      await seed({
        id: 'sess_absolute',
        absoluteExpiresAt: T0 + 30 * MINUTE,
        idleExpiresAt: T0 + 2 * HOUR,
      });
      await seed({
        id: 'sess_refresh',
        idleExpiresAt: T0 + 2 * HOUR,
        refreshExpiresAt: T0 + 30 * MINUTE,
      });
      await seed({ id: 'sess_revoked_later', idleExpiresAt: T0 + 2 * HOUR });
      await store().revoke({ sessionId: 'sess_revoked_later', reason: 'admin', at: T0 + 2 * HOUR });

      expect(await store().deleteExpired(T0 + HOUR, 100)).toBe(4);
      for (const id of ['sess_revoked', 'sess_idle', 'sess_absolute', 'sess_refresh']) {
        expect(await store().get(id)).toBeNull();
        expect(await store().findRefreshToken(id, tokenHash(id, 1))).toBeNull();
      }
      expect(
        await store().findRefreshToken('sess_revoked', tokenHash('sess_revoked', 2)),
      ).toBeNull();
      expect(await store().get(live.id)).toEqual(live);
      expect(await store().findRefreshToken(live.id, tokenHash(live.id, 1))).not.toBeNull();
      expect(await store().get('sess_revoked_later')).not.toBeNull();
      expect(await store().deleteExpired(T0 + HOUR, 100)).toBe(0);
    },
  );

  check('deleteExpired deletes at most batchSize sessions per call', async () => {
    for (let i = 0; i < 5; i++) await seed({ id: `sess_${i}`, idleExpiresAt: T0 + MINUTE });
    await seed({ id: 'sess_live', idleExpiresAt: T0 + 2 * HOUR });
    const counts = [];
    for (let i = 0; i < 4; i++) counts.push(await store().deleteExpired(T0 + HOUR, 2));
    expect(counts).toEqual([2, 2, 1, 0]);
    expect(await store().listForUser('user_1', T0 + HOUR)).toHaveLength(1);
  });
}
