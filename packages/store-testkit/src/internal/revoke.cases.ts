import type { SessionRecord } from '@tessera/core';
import { expect } from 'vitest';
import { HOUR, MINUTE, sessionFixture, T0, tokenFor } from '../fixtures.ts';
import type { Check, Current, SessionAndKeyStore } from './types.ts';

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

export function revokeCases(store: Current<SessionAndKeyStore>, check: Check): void {
  const seed = async (overrides: Partial<SessionRecord>) => {
    const session = sessionFixture({ refreshTokenHash: `h_${overrides.id}_1`, ...overrides });
    await store().create(session, tokenFor(session));
    return session;
  };

  check('revoke sets revokedAt and reason and bumps the version', async () => {
    const session = await seed({ id: 'sess_1' });
    const revoked = await store().revoke({ sessionId: session.id, reason: 'logout', at: T0 + 7 });
    const expected = { ...session, revokedAt: T0 + 7, revokedReason: 'logout', version: 2 };
    expect(revoked).toEqual(expected);
    expect(await store().get(session.id)).toEqual(expected);
  });

  check('a second revoke returns null and keeps the first reason', async () => {
    const session = await seed({ id: 'sess_1' });
    await store().revoke({ sessionId: session.id, reason: 'logout', at: T0 + 7 });
    const again = await store().revoke({ sessionId: session.id, reason: 'admin', at: T0 + 9 });
    expect(again).toBeNull();
    expect(await store().get(session.id)).toMatchObject({
      revokedAt: T0 + 7,
      revokedReason: 'logout',
      version: 2,
    });
  });

  check('revoke of an unknown session returns null', async () => {
    expect(await store().revoke({ sessionId: 'sess_missing', reason: 'admin', at: T0 })).toBeNull();
  });

  check('a rotation prepared before a revoke fails (revoke moved the version)', async () => {
    const session = await seed({ id: 'sess_1' });
    await store().revoke({ sessionId: session.id, reason: 'logout', at: T0 + 7 });
    const rotated = await store().rotate({
      sessionId: session.id,
      expectedVersion: 1,
      newToken: { ...tokenFor(session, 2) },
      refreshGraceUntil: T0,
      refreshExpiresAt: T0 + HOUR,
    });
    expect(rotated).toBeNull();
  });

  check('a revoked session never rotates, even at its current version', async () => {
    const session = await seed({ id: 'sess_1' });
    const revoked = await store().revoke({ sessionId: session.id, reason: 'logout', at: T0 + 7 });
    const rotated = await store().rotate({
      sessionId: session.id,
      expectedVersion: revoked!.version,
      newToken: { ...tokenFor(session, 2) },
      refreshGraceUntil: T0,
      refreshExpiresAt: T0 + HOUR,
    });
    expect(rotated).toBeNull();
    expect(await store().get(session.id)).toEqual(revoked);
    expect(await store().findRefreshToken(session.id, tokenFor(session, 2).hash)).toBeNull();
  });

  check(
    'revokeForUser ends exactly the unrevoked sessions of the user but the excepted one',
    async () => {
      const a = await seed({ id: 'sess_a' });
      const keep = await seed({ id: 'sess_keep' });
      const other = await seed({ id: 'sess_other', userId: 'user_2' });
      await seed({ id: 'sess_old' });
      await store().revoke({ sessionId: 'sess_old', reason: 'logout', at: T0 + 1 });
      // Idle-expired still counts: buffered activity from before its deadline may yet slide it.
      const idle = await seed({ id: 'sess_idle', idleExpiresAt: T0 + MINUTE });
      await seed({ id: 'sess_over', absoluteExpiresAt: T0 + MINUTE, idleExpiresAt: T0 + MINUTE });
      const ended = await store().revokeForUser({
        userId: 'user_1',
        reason: 'password_changed',
        at: T0 + 2 * MINUTE,
        exceptSessionId: keep.id,
      });
      const expected = [a, idle].map((s) => ({
        ...s,
        revokedAt: T0 + 2 * MINUTE,
        revokedReason: 'password_changed',
        version: s.version + 1,
      }));
      expect([...ended].sort(byId)).toEqual(expected);
      for (const s of expected) expect(await store().get(s.id)).toEqual(s);
      expect(await store().get(keep.id)).toEqual(keep);
      expect(await store().get(other.id)).toEqual(other);
      expect(await store().get('sess_old')).toMatchObject({ revokedReason: 'logout', version: 2 });
      expect(await store().get('sess_over')).toMatchObject({ revokedAt: null, version: 1 });
    },
  );

  check('revokeForUser without an exception ends all; a second call ends none', async () => {
    await seed({ id: 'sess_a' });
    await seed({ id: 'sess_b' });
    const first = await store().revokeForUser({ userId: 'user_1', reason: 'admin', at: T0 + 1 });
    expect(first.map((s) => s.id).sort()).toEqual(['sess_a', 'sess_b']);
    expect(await store().revokeForUser({ userId: 'user_1', reason: 'admin', at: T0 + 2 })).toEqual(
      [],
    );
  });

  check('listForUser returns live sessions only, most recent activity first', async () => {
    await seed({ id: 'sess_old_activity', lastActiveAt: T0 + 1 * MINUTE });
    await seed({ id: 'sess_recent', lastActiveAt: T0 + 3 * MINUTE });
    await seed({ id: 'sess_middle', lastActiveAt: T0 + 2 * MINUTE });
    await seed({ id: 'sess_revoked', lastActiveAt: T0 + 4 * MINUTE });
    await store().revoke({ sessionId: 'sess_revoked', reason: 'logout', at: T0 + 4 * MINUTE });
    await seed({ id: 'sess_idle', idleExpiresAt: T0 + 4 * MINUTE });
    await seed({ id: 'sess_absolute', absoluteExpiresAt: T0 + 4 * MINUTE });
    await seed({ id: 'sess_other_user', userId: 'user_2' });
    const listed = await store().listForUser('user_1', T0 + 5 * MINUTE);
    expect(listed.map((s) => s.id)).toEqual(['sess_recent', 'sess_middle', 'sess_old_activity']);
    expect(listed[0]).toEqual(await store().get('sess_recent'));
    expect(await store().listForUser('user_missing', T0)).toEqual([]);
  });

  check(
    'listRevokedSince returns revocations at or after since still within their deadline',
    async () => {
      await seed({ id: 'sess_early' });
      await seed({ id: 'sess_late' });
      await seed({ id: 'sess_dead', absoluteExpiresAt: T0 + 4 * MINUTE });
      await seed({ id: 'sess_live' });
      await store().revoke({ sessionId: 'sess_early', reason: 'logout', at: T0 + 1 * MINUTE });
      await store().revoke({ sessionId: 'sess_late', reason: 'admin', at: T0 + 2 * MINUTE });
      await store().revoke({ sessionId: 'sess_dead', reason: 'logout', at: T0 + 3 * MINUTE });
      const now = T0 + 5 * MINUTE;
      const fromStart = await store().listRevokedSince(T0, now);
      expect([...fromStart].sort((x, y) => x.sessionId.localeCompare(y.sessionId))).toEqual([
        {
          sessionId: 'sess_early',
          reason: 'logout',
          revokedAt: T0 + MINUTE,
          absoluteExpiresAt: T0 + 12 * HOUR,
        },
        {
          sessionId: 'sess_late',
          reason: 'admin',
          revokedAt: T0 + 2 * MINUTE,
          absoluteExpiresAt: T0 + 12 * HOUR,
        },
      ]);
      const inclusive = await store().listRevokedSince(T0 + 2 * MINUTE, now);
      expect(inclusive.map((r) => r.sessionId)).toEqual(['sess_late']);
    },
  );
}
