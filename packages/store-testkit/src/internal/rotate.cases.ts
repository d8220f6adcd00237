import type { SessionRecord } from '@tessera/core';
import { expect } from 'vitest';
import { MINUTE, sessionFixture, T0, tokenFor, tokenHash } from '../fixtures.ts';
import type { Check, Current, SessionAndKeyStore } from './types.ts';

function rotation(sessionId: string, expectedVersion: number, generation: number, hash?: string) {
  return {
    sessionId,
    expectedVersion,
    newToken: {
      hash: hash ?? tokenHash(sessionId, generation),
      sessionId,
      generation,
      issuedAt: T0 + MINUTE,
    },
    refreshGraceUntil: T0 + MINUTE + 30_000,
    refreshExpiresAt: T0 + 11 * 60 * MINUTE,
    lastActiveAt: T0 + MINUTE,
    idleExpiresAt: T0 + 16 * MINUTE,
  };
}

/** The session as `rotation(session.id, 1, 2)` leaves it. */
function firstRotationOf(session: SessionRecord): SessionRecord {
  return {
    ...session,
    refreshTokenHash: tokenHash(session.id, 2),
    refreshGeneration: 2,
    refreshGraceUntil: T0 + MINUTE + 30_000,
    refreshExpiresAt: T0 + 11 * 60 * MINUTE,
    lastActiveAt: T0 + MINUTE,
    idleExpiresAt: T0 + 16 * MINUTE,
    version: 2,
  };
}

export function rotateCases(store: Current<SessionAndKeyStore>, check: Check): void {
  check('rotate at the current version updates the session and bumps its version', async () => {
    const session = sessionFixture();
    await store().create(session, tokenFor(session));
    const updated = await store().rotate(rotation(session.id, 1, 2));
    const expected = firstRotationOf(session);
    expect(updated).toEqual(expected);
    expect(await store().get(session.id)).toEqual(expected);
  });

  check(
    'after rotate both the new and the old token are findable with their generation',
    async () => {
      const session = sessionFixture();
      await store().create(session, tokenFor(session));
      await store().rotate(rotation(session.id, 1, 2));
      await store().rotate(rotation(session.id, 2, 3));
      for (const generation of [1, 2, 3]) {
        const found = await store().findRefreshToken(session.id, tokenHash(session.id, generation));
        expect(found).toMatchObject({ sessionId: session.id, generation });
      }
    },
  );

  check('a passive rotate (no activity) keeps lastActiveAt and idleExpiresAt', async () => {
    const session = sessionFixture();
    await store().create(session, tokenFor(session));
    const { lastActiveAt: _a, idleExpiresAt: _i, ...passive } = rotation(session.id, 1, 2);
    const updated = await store().rotate(passive);
    expect(updated).toMatchObject({
      lastActiveAt: session.lastActiveAt,
      idleExpiresAt: session.idleExpiresAt,
      refreshGeneration: 2,
      version: 2,
    });
  });

  check('a step-up rotate writes authTime and aal with the new token', async () => {
    const session = sessionFixture({ aal: 1 });
    await store().create(session, tokenFor(session));
    const stepUp = { ...rotation(session.id, 1, 2), authTime: T0 + MINUTE, aal: 2 as const };
    const updated = await store().rotate(stepUp);
    const expected = {
      authTime: T0 + MINUTE,
      aal: 2,
      refreshTokenHash: tokenHash(session.id, 2),
      refreshGeneration: 2,
      version: 2,
    };
    expect(updated).toMatchObject(expected);
    expect(await store().get(session.id)).toMatchObject(expected);
  });

  check('a rotate with only authTime keeps aal (the fields are independent)', async () => {
    const session = sessionFixture();
    await store().create(session, tokenFor(session));
    const updated = await store().rotate({ ...rotation(session.id, 1, 2), authTime: T0 + 5 });
    expect(updated).toMatchObject({ authTime: T0 + 5, aal: session.aal });
    expect(await store().get(session.id)).toMatchObject({ authTime: T0 + 5, aal: session.aal });
  });

  check('a step-up rotate at a stale version changes neither authTime nor aal', async () => {
    const session = sessionFixture({ aal: 1 });
    await store().create(session, tokenFor(session));
    await store().rotate(rotation(session.id, 1, 2));
    const stale = { ...rotation(session.id, 1, 3), authTime: T0 + MINUTE, aal: 2 as const };
    expect(await store().rotate(stale)).toBeNull();
    expect(await store().get(session.id)).toMatchObject({ authTime: session.authTime, aal: 1 });
  });

  check('rotate with a stale version returns null and changes nothing', async () => {
    const session = sessionFixture();
    await store().create(session, tokenFor(session));
    const winner = await store().rotate(rotation(session.id, 1, 2));
    expect(await store().rotate(rotation(session.id, 1, 2, 'h_stale'))).toBeNull();
    expect(await store().get(session.id)).toEqual(winner);
    expect(await store().findRefreshToken(session.id, 'h_stale')).toBeNull();
  });

  check('rotate to a hash already issued is rejected and changes nothing', async () => {
    const session = sessionFixture();
    await store().create(session, tokenFor(session));
    const taken = rotation(session.id, 1, 2, session.refreshTokenHash);
    await expect(store().rotate(taken)).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await store().get(session.id)).toEqual(session);
  });

  check('rotate of an unknown session returns null', async () => {
    expect(await store().rotate(rotation('sess_missing', 1, 2))).toBeNull();
    expect(await store().findRefreshToken('sess_missing', tokenHash('sess_missing', 2))).toBeNull();
  });

  // The engine passes the record it rotates from (`basis`); a store may build its answer from
  // it, so these check that what changed without a version bump still comes from the store.
  check('a rotate from a stale basis returns the stored activity and data', async () => {
    const session = sessionFixture();
    await store().create(session, tokenFor(session));
    await store().touch([
      { sessionId: session.id, lastActiveAt: T0 + 5 * MINUTE, requestCount: 3, bytesSent: 100 },
    ]);
    await store().updateData({ sessionId: session.id, expectedDataVersion: 3, data: 'v4' });
    const { lastActiveAt: _a, idleExpiresAt: _i, ...passive } = rotation(session.id, 1, 2);
    const updated = await store().rotate({ ...passive, basis: session });
    expect(updated).toMatchObject({
      lastActiveAt: T0 + 5 * MINUTE,
      idleExpiresAt: T0 + 20 * MINUTE,
      requestCount: 14,
      bytesSent: 4196,
      data: 'v4',
      dataVersion: 4,
      refreshGeneration: 2,
      version: 2,
    });
    expect(await store().get(session.id)).toEqual(updated);
  });

  check('a rotate from a basis writes activity and a step-up like any rotate', async () => {
    const session = sessionFixture({ aal: 1 });
    await store().create(session, tokenFor(session));
    const stepUp = { ...rotation(session.id, 1, 2), authTime: T0 + MINUTE, aal: 2 as const };
    // The engine's snapshots, used as bases, drop the session data.
    const updated = await store().rotate({ ...stepUp, basis: { ...session, data: null } });
    const expected = { ...firstRotationOf(session), authTime: T0 + MINUTE, aal: 2 };
    expect(updated).toEqual(expected);
    expect(await store().get(session.id)).toEqual(expected);
  });

  check('a basis at another version or of another session is not trusted', async () => {
    const session = sessionFixture();
    await store().create(session, tokenFor(session));
    const forged = { ...session, roles: ['admin'], ip: '198.51.100.1' };
    const wrongVersion = { ...forged, version: 7 };
    const first = await store().rotate({ ...rotation(session.id, 1, 2), basis: wrongVersion });
    expect(first).toEqual(await store().get(session.id));
    expect(first).toMatchObject({ roles: session.roles, ip: session.ip, version: 2 });
    const otherSession = { ...forged, id: 'sess_other', version: 2 };
    const second = await store().rotate({ ...rotation(session.id, 2, 3), basis: otherSession });
    expect(second).toEqual(await store().get(session.id));
    expect(second).toMatchObject({ roles: session.roles, ip: session.ip, version: 3 });
  });

  check('a rotate from a basis at a lost version returns null and changes nothing', async () => {
    const session = sessionFixture();
    await store().create(session, tokenFor(session));
    const winner = await store().rotate(rotation(session.id, 1, 2));
    const late = { ...rotation(session.id, 1, 2, 'h_late'), basis: session };
    expect(await store().rotate(late)).toBeNull();
    expect(await store().get(session.id)).toEqual(winner);
    expect(await store().findRefreshToken(session.id, 'h_late')).toBeNull();
  });

  check('20 concurrent rotations at the same version: exactly one wins', async () => {
    const session = sessionFixture();
    await store().create(session, tokenFor(session));
    const attempts = Array.from({ length: 20 }, (_, i) =>
      store().rotate(rotation(session.id, 1, 2, `h_race_${i}`)),
    );
    const results = await Promise.all(attempts);
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    const winner = winners[0]!;
    expect(winner.version).toBe(2);
    expect(await store().get(session.id)).toEqual(winner);
    // Losers wrote nothing: only the winner's token joined the index.
    const found = await Promise.all(
      results.map((_, i) => store().findRefreshToken(session.id, `h_race_${i}`)),
    );
    expect(found.filter((t) => t !== null)).toEqual([
      expect.objectContaining({ hash: winner.refreshTokenHash, generation: 2 }),
    ]);
  });
}
