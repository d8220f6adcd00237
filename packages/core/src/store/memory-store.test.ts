import { describe, expect, it } from 'vitest';
import { UserExistsError } from '../errors.ts';
import { createMemoryStore } from './memory-store.ts';
import type { RefreshTokenRecord, SessionRecord } from './session-record.ts';

const T = Date.UTC(2030, 0, 1);

function session(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: 's1',
    userId: 'u1',
    kind: 'user',
    roles: ['user'],
    createdAt: T,
    lastActiveAt: T,
    idleExpiresAt: T + 15 * 60_000,
    absoluteExpiresAt: T + 12 * 3_600_000,
    idleTimeoutMs: 15 * 60_000,
    rememberMe: false,
    authTime: T,
    aal: 1,
    device: { type: 'desktop', name: 'x', browser: null, os: null, userAgent: null },
    ip: null,
    location: null,
    revokedAt: null,
    revokedReason: null,
    refreshTokenHash: 'h1',
    refreshGeneration: 1,
    refreshGraceUntil: 0,
    refreshExpiresAt: T + 12 * 3_600_000,
    data: null,
    dataVersion: 0,
    requestCount: 0,
    bytesSent: 0,
    version: 1,
    ...overrides,
  };
}

function token(hash: string, generation = 1, sessionId = 's1'): RefreshTokenRecord {
  return { hash, sessionId, generation, issuedAt: T };
}

describe('memory store: sessions', () => {
  it('returns copies, so callers cannot change stored state', async () => {
    const store = createMemoryStore();
    const record = session();
    await store.create(record, token('h1'));
    record.userId = 'mutated';
    const loaded = await store.get('s1');
    expect(loaded?.userId).toBe('u1');
    if (loaded) loaded.device.name = 'mutated';
    expect((await store.get('s1'))?.device.name).toBe('x');
  });

  it('rejects duplicate ids and token hashes', async () => {
    const store = createMemoryStore();
    await store.create(session(), token('h1'));
    await expect(store.create(session(), token('h2'))).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(store.create(session({ id: 's2' }), token('h1', 1, 's2'))).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('rotate is compare-and-set on version and bumps it', async () => {
    const store = createMemoryStore();
    await store.create(session(), token('h1'));
    const rotated = await store.rotate({
      sessionId: 's1',
      expectedVersion: 1,
      newToken: token('h2', 2),
      refreshGraceUntil: T + 30_000,
      refreshExpiresAt: T + 1000,
      lastActiveAt: T + 10,
      idleExpiresAt: T + 20,
    });
    expect(rotated).toMatchObject({
      version: 2,
      refreshTokenHash: 'h2',
      refreshGeneration: 2,
      refreshGraceUntil: T + 30_000,
      lastActiveAt: T + 10,
      idleExpiresAt: T + 20,
    });
    const stale = await store.rotate({
      sessionId: 's1',
      expectedVersion: 1,
      newToken: token('h3', 2),
      refreshGraceUntil: 0,
      refreshExpiresAt: 0,
    });
    expect(stale).toBeNull();
    expect(await store.findRefreshToken('s1', 'h3')).toBeNull();
    expect(await store.findRefreshToken('s1', 'h1')).toMatchObject({
      generation: 1,
      sessionId: 's1',
    });
    expect(await store.findRefreshToken('s1', 'h2')).toMatchObject({ generation: 2 });
  });

  it('passive rotate leaves activity fields alone', async () => {
    const store = createMemoryStore();
    await store.create(session(), token('h1'));
    const rotated = await store.rotate({
      sessionId: 's1',
      expectedVersion: 1,
      newToken: token('h2', 2),
      refreshGraceUntil: 0,
      refreshExpiresAt: T + 1000,
    });
    expect(rotated?.lastActiveAt).toBe(T);
    expect(rotated?.idleExpiresAt).toBe(T + 15 * 60_000);
  });

  it('revoke ends once, bumps version and blocks later rotation', async () => {
    const store = createMemoryStore();
    await store.create(session(), token('h1'));
    const revoked = await store.revoke({ sessionId: 's1', reason: 'logout', at: T + 5 });
    expect(revoked).toMatchObject({ revokedAt: T + 5, revokedReason: 'logout', version: 2 });
    expect(await store.revoke({ sessionId: 's1', reason: 'admin', at: T + 6 })).toBeNull();
    expect(await store.revoke({ sessionId: 'nope', reason: 'admin', at: T + 6 })).toBeNull();
    expect(
      await store.rotate({
        sessionId: 's1',
        expectedVersion: 2,
        newToken: token('h2', 2),
        refreshGraceUntil: 0,
        refreshExpiresAt: 0,
      }),
    ).toBeNull();
  });

  it('touch is monotonic, capped by absolute, never revives, and adds counter deltas', async () => {
    const store = createMemoryStore();
    await store.create(session(), token('h1'));
    await store.touch([
      { sessionId: 's1', lastActiveAt: T + 60_000, requestCount: 3, bytesSent: 100 },
    ]);
    let s = await store.get('s1');
    expect(s).toMatchObject({
      lastActiveAt: T + 60_000,
      idleExpiresAt: T + 16 * 60_000,
      requestCount: 3,
    });
    // Older activity never moves anything back.
    await store.touch([{ sessionId: 's1', lastActiveAt: T, requestCount: 1, bytesSent: 1 }]);
    s = await store.get('s1');
    expect(s).toMatchObject({
      lastActiveAt: T + 60_000,
      idleExpiresAt: T + 16 * 60_000,
      requestCount: 4,
      bytesSent: 101,
    });
    // Activity after the idle deadline does not revive.
    await store.touch([
      { sessionId: 's1', lastActiveAt: T + 17 * 60_000, requestCount: 1, bytesSent: 0 },
    ]);
    expect((await store.get('s1'))?.idleExpiresAt).toBe(T + 16 * 60_000);
    // Never past absolute; no version bump.
    await store.create(
      session({ id: 's2', absoluteExpiresAt: T + 20 * 60_000 }),
      token('x2', 1, 's2'),
    );
    await store.touch([
      { sessionId: 's2', lastActiveAt: T + 14 * 60_000, requestCount: 1, bytesSent: 0 },
    ]);
    expect(await store.get('s2')).toMatchObject({ idleExpiresAt: T + 20 * 60_000, version: 1 });
  });

  it('revokeForUser keeps the excepted session and returns what it ended', async () => {
    const store = createMemoryStore();
    await store.create(session({ id: 'a' }), token('ha', 1, 'a'));
    await store.create(session({ id: 'b' }), token('hb', 1, 'b'));
    await store.create(session({ id: 'c', userId: 'u2' }), token('hc', 1, 'c'));
    const ended = await store.revokeForUser({
      userId: 'u1',
      reason: 'password_changed',
      at: T + 1,
      exceptSessionId: 'a',
    });
    expect(ended.map((s) => s.id)).toEqual(['b']);
    expect((await store.get('a'))?.revokedAt).toBeNull();
    expect((await store.get('c'))?.revokedAt).toBeNull();
  });

  it('listForUser lists live sessions, newest activity first', async () => {
    const store = createMemoryStore();
    await store.create(session({ id: 'old', lastActiveAt: T }), token('h1', 1, 'old'));
    await store.create(session({ id: 'new', lastActiveAt: T + 10 }), token('h2', 1, 'new'));
    await store.create(session({ id: 'gone', idleExpiresAt: T + 1 }), token('h3', 1, 'gone'));
    await store.create(session({ id: 'revoked' }), token('h4', 1, 'revoked'));
    await store.revoke({ sessionId: 'revoked', reason: 'logout', at: T });
    const live = await store.listForUser('u1', T + 100);
    expect(live.map((s) => s.id)).toEqual(['new', 'old']);
  });

  it('listRevokedSince filters by time and absolute deadline', async () => {
    const store = createMemoryStore();
    await store.create(session({ id: 'a' }), token('ha', 1, 'a'));
    await store.create(session({ id: 'b', absoluteExpiresAt: T + 50 }), token('hb', 1, 'b'));
    await store.revoke({ sessionId: 'a', reason: 'admin', at: T + 10 });
    await store.revoke({ sessionId: 'b', reason: 'admin', at: T + 20 });
    expect(await store.listRevokedSince(T + 21, T + 30)).toEqual([]);
    expect((await store.listRevokedSince(T + 11, T + 30)).map((r) => r.sessionId)).toEqual(['b']);
    expect((await store.listRevokedSince(T, T + 30)).map((r) => r.sessionId)).toEqual(['a', 'b']);
    expect((await store.listRevokedSince(T, T + 60)).map((r) => r.sessionId)).toEqual(['a']);
  });

  it('updateData is compare-and-set on dataVersion', async () => {
    const store = createMemoryStore();
    await store.create(session(), token('h1'));
    expect(await store.updateData({ sessionId: 's1', expectedDataVersion: 0, data: 'x' })).toBe(1);
    expect(
      await store.updateData({ sessionId: 's1', expectedDataVersion: 0, data: 'y' }),
    ).toBeNull();
    expect((await store.get('s1'))?.data).toBe('x');
  });

  it('deleteExpired works in batches and drops the tokens', async () => {
    const store = createMemoryStore();
    for (let i = 0; i < 5; i++) {
      await store.create(
        session({ id: `s${i}`, absoluteExpiresAt: T + 1, idleExpiresAt: T + 1 }),
        token(`h${i}`, 1, `s${i}`),
      );
    }
    await store.create(
      session({
        id: 'live',
        absoluteExpiresAt: T + 10 * 3_600_000,
        refreshExpiresAt: T + 10 * 3_600_000,
      }),
      token('hl', 1, 'live'),
    );
    expect(await store.deleteExpired(T + 1000, 3)).toBe(3);
    expect(await store.deleteExpired(T + 1000, 3)).toBe(2);
    expect(await store.deleteExpired(T + 1000, 3)).toBe(0);
    expect(await store.findRefreshToken('s0', 'h0')).toBeNull();
    expect(await store.get('live')).not.toBeNull();
  });

  it('ping fails closed after close', async () => {
    const store = createMemoryStore();
    await store.ping();
    await store.close();
    await expect(store.ping()).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('memory store: users and keys', () => {
  const user = {
    id: 'u1',
    email: 'Ada@Example.COM',
    passwordHash: '$argon2id$x',
    roles: ['user'],
    disabled: false,
    createdAt: T,
    passwordChangedAt: T,
  };

  it('lower-cases emails and refuses duplicates', async () => {
    const store = createMemoryStore();
    await store.create(user);
    expect((await store.findByEmail('ada@example.com'))?.id).toBe('u1');
    expect((await store.findByEmail('ADA@EXAMPLE.COM'))?.email).toBe('ada@example.com');
    await expect(
      store.create({ ...user, id: 'u2', email: 'ada@EXAMPLE.com' }),
    ).rejects.toBeInstanceOf(UserExistsError);
  });

  it('updates password, disabled and roles', async () => {
    const store = createMemoryStore();
    await store.create(user);
    await store.setPassword('u1', 'new', T + 5);
    await store.setDisabled('u1', true);
    await store.setRoles('u1', ['admin']);
    expect(await store.findById('u1')).toMatchObject({
      passwordHash: 'new',
      passwordChangedAt: T + 5,
      disabled: true,
      roles: ['admin'],
    });
    expect(await store.list()).toHaveLength(1);
  });

  it('retires every key but one and deletes old retired keys', async () => {
    const store = createMemoryStore();
    const key = { alg: 'EdDSA' as const, privateJwk: '{}', publicJwk: '{}', retiredAt: null };
    await store.addKey({ ...key, kid: 'a', createdAt: T });
    await store.addKey({ ...key, kid: 'b', createdAt: T + 1 });
    await store.retireKeys('b', T + 2);
    const keys = await store.listKeys();
    expect(keys.map((k) => [k.kid, k.retiredAt])).toEqual([
      ['a', T + 2],
      ['b', null],
    ]);
    expect(await store.deleteRetired(T + 2)).toBe(0);
    expect(await store.deleteRetired(T + 3)).toBe(1);
    expect((await store.listKeys()).map((k) => k.kid)).toEqual(['b']);
  });
});
