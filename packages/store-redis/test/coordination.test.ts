import type { RevokedSession } from '@tessera/core';
import { sessionFixture, T0 } from '@tessera/store-testkit';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createRedisCoordination,
  createRedisJobLock,
  createRedisRateLimitStore,
  createRedisRevocationFeed,
  createRedisStore,
  withRedisActivityCoalescing,
} from '../src/index.ts';
import {
  deletePrefix,
  REDIS_URL,
  randomPrefix,
  redisForTests,
  testClient,
} from './support/redis.ts';

const available = await redisForTests('store-redis cluster layer');
const client = testClient();
const prefix = randomPrefix('coordination');

afterAll(async () => {
  if (available) await deletePrefix(client, prefix);
  client.disconnect();
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
  return performance.now() - started;
}

const revoked = (sessionId: string): RevokedSession => ({
  sessionId,
  reason: 'admin',
  revokedAt: Date.now(),
  absoluteExpiresAt: Date.now() + 60_000,
});

describe.skipIf(!available)('revocation feed', () => {
  it('a revocation published on one feed reaches another within 100 ms', async () => {
    const channel = `${prefix}revocations`;
    const a = createRedisRevocationFeed({ url: REDIS_URL, channel });
    const b = createRedisRevocationFeed({ url: REDIS_URL, channel });
    try {
      const received: RevokedSession[] = [];
      await b.subscribe((r) => received.push(r));
      await a.subscribe(() => {});
      const sent = performance.now();
      await a.publish(revoked('s-1'));
      const elapsed = await until(() => received.length > 0, 1000);
      expect(received[0]?.sessionId).toBe('s-1');
      expect(performance.now() - sent).toBeLessThan(100);
      expect(elapsed).toBeLessThan(100);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('ignores malformed messages on the channel', async () => {
    const channel = `${prefix}junk`;
    const feed = createRedisRevocationFeed({ url: REDIS_URL, channel });
    try {
      const received: RevokedSession[] = [];
      await feed.subscribe((r) => received.push(r));
      await client.publish(channel, 'not json');
      await client.publish(channel, JSON.stringify({ sessionId: 's', reason: 'nonsense' }));
      await feed.publish(revoked('s-ok'));
      await until(() => received.length > 0, 1000);
      expect(received.map((r) => r.sessionId)).toEqual(['s-ok']);
    } finally {
      await feed.close();
    }
  });

  it('isHealthy is false while the subscriber is killed and true again after resubscribing', async () => {
    const channel = `${prefix}health`;
    const feed = createRedisRevocationFeed({ url: REDIS_URL, channel });
    try {
      expect(feed.isHealthy()).toBe(false);
      const received: RevokedSession[] = [];
      let recoveries = 0;
      await feed.subscribe(
        (r) => received.push(r),
        () => recoveries++,
      );
      expect(feed.isHealthy()).toBe(true);
      expect(recoveries).toBe(0);
      const list = (await client.call('CLIENT', 'LIST')) as string;
      const line = list.split('\n').find((l) => l.includes(`name=${channel}:subscriber`));
      const id = /\bid=(\d+)/.exec(line ?? '')?.[1];
      expect(id).toBeDefined();
      await client.call('CLIENT', 'KILL', 'ID', id as string);
      await until(() => !feed.isHealthy(), 1000);
      await until(() => feed.isHealthy(), 5000);
      // The engine is told to read what it missed from the store.
      expect(recoveries).toBe(1);
      await client.publish(channel, JSON.stringify(revoked('after-reconnect')));
      await until(() => received.some((r) => r.sessionId === 'after-reconnect'), 1000);
    } finally {
      await feed.close();
    }
  });
});

describe.skipIf(!available)('rate limit store', () => {
  it('counts hits in a fixed window shared by every client, then resets', async () => {
    const a = createRedisRateLimitStore({ client, keyPrefix: `${prefix}rl:` });
    const other = testClient();
    try {
      const b = createRedisRateLimitStore({ client: other, keyPrefix: `${prefix}rl:` });
      const now = Date.now();
      const first = await a.hit('login:alice@example.com', 60_000, now);
      expect(first.count).toBe(1);
      expect(first.resetAt).toBeGreaterThan(now + 59_000);
      const second = await b.hit('login:alice@example.com', 60_000, now + 10);
      expect(second.count).toBe(2);
      // The window started with the first hit: later hits do not push it back.
      expect(second.resetAt).toBeLessThanOrEqual(first.resetAt + 10);
      expect((await a.peek('login:alice@example.com', now)).count).toBe(2);
      expect((await a.peek('login:bob@example.com', now)).count).toBe(0);
      await a.reset('login:alice@example.com');
      expect((await b.peek('login:alice@example.com', now)).count).toBe(0);
    } finally {
      other.disconnect();
    }
  });

  it('release gives one hit back, never below 0, and never recreates an ended window', async () => {
    const store = createRedisRateLimitStore({ client, keyPrefix: `${prefix}rl4:` });
    const now = Date.now();
    await store.hit('k', 60_000, now);
    await store.hit('k', 60_000, now);
    await store.release('k', now);
    expect((await store.peek('k', now)).count).toBe(1);
    await store.release('k', now);
    await store.release('k', now);
    expect((await store.peek('k', now)).count).toBe(0);
    await store.release('gone', now);
    expect(await client.keys(`${prefix}rl4:*`)).toHaveLength(1);
    expect((await store.hit('k', 60_000, now)).count).toBe(1);
  });

  it('keeps no email in clear in Redis', async () => {
    const store = createRedisRateLimitStore({ client, keyPrefix: `${prefix}rl2:` });
    await store.hit('login:carol@example.com', 60_000, Date.now());
    const keys = await client.keys(`${prefix}rl2:*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('carol');
  });

  it('a window expires on its own', async () => {
    const store = createRedisRateLimitStore({ client, keyPrefix: `${prefix}rl3:` });
    await store.hit('k', 50, Date.now());
    await until(async () => (await store.peek('k', Date.now())).count === 0, 2000);
    expect((await store.hit('k', 50, Date.now())).count).toBe(1);
  });
});

describe.skipIf(!available)('job lock', () => {
  it('one holder at a time; release frees it; a stale holder cannot free a successor', async () => {
    const a = createRedisJobLock({ client, keyPrefix: `${prefix}lock:` });
    const b = createRedisJobLock({ client, keyPrefix: `${prefix}lock:` });
    expect(await a.tryAcquire('cleanup', 60_000)).toBe(true);
    expect(await b.tryAcquire('cleanup', 60_000)).toBe(false);
    await a.release('cleanup');
    expect(await b.tryAcquire('cleanup', 60_000)).toBe(true);
    await a.release('cleanup'); // a no longer holds it: b keeps it
    expect(await a.tryAcquire('cleanup', 60_000)).toBe(false);
    await b.release('cleanup');
  });

  it('a lease runs out by itself when its holder dies', async () => {
    const a = createRedisJobLock({ client, keyPrefix: `${prefix}lock2:` });
    const b = createRedisJobLock({ client, keyPrefix: `${prefix}lock2:` });
    expect(await a.tryAcquire('cleanup', 40)).toBe(true);
    await until(() => b.tryAcquire('cleanup', 60_000), 2000);
    await a.release('cleanup');
    expect(await a.tryAcquire('cleanup', 60_000)).toBe(false);
  });
});

describe.skipIf(!available)('activity coalescing', () => {
  it('N instances write one session at most once per interval', async () => {
    const store = createRedisStore({ client, keyPrefix: `${prefix}act-store:` });
    const session = sessionFixture({
      id: 'coalesced',
      userId: 'u1',
      idleExpiresAt: Date.now() + 15 * 60_000,
      absoluteExpiresAt: Date.now() + 3_600_000,
      refreshExpiresAt: Date.now() + 3_600_000,
    });
    await store.create(session, {
      hash: 'h-coalesced',
      sessionId: session.id,
      generation: 1,
      issuedAt: T0,
    });
    const instances = [1, 2, 3].map(() =>
      withRedisActivityCoalescing(store, {
        client,
        intervalMs: 60_000,
        keyPrefix: `${prefix}act:`,
      }),
    );
    const at = Date.now();
    await Promise.all(
      instances.map((s, i) =>
        s.touch([{ sessionId: session.id, lastActiveAt: at + i, requestCount: 1, bytesSent: 10 }]),
      ),
    );
    const after = await store.get(session.id);
    expect(after?.requestCount).toBe(session.requestCount + 1);
    // Other methods pass through to the store.
    expect((await instances[0]?.get(session.id))?.id).toBe(session.id);
  });

  it('writes again once the interval has passed', async () => {
    const store = createRedisStore({ client, keyPrefix: `${prefix}act-store2:` });
    const now = Date.now();
    const session = sessionFixture({
      id: 'again',
      userId: 'u2',
      idleExpiresAt: now + 15 * 60_000,
      absoluteExpiresAt: now + 3_600_000,
      refreshExpiresAt: now + 3_600_000,
    });
    await store.create(session, {
      hash: 'h-again',
      sessionId: session.id,
      generation: 1,
      issuedAt: T0,
    });
    const coalesced = withRedisActivityCoalescing(store, {
      client,
      intervalMs: 30,
      keyPrefix: `${prefix}act2:`,
    });
    const touch = () =>
      coalesced.touch([
        { sessionId: session.id, lastActiveAt: Date.now(), requestCount: 1, bytesSent: 0 },
      ]);
    await touch();
    await touch();
    expect((await store.get(session.id))?.requestCount).toBe(session.requestCount + 1);
    await new Promise((r) => setTimeout(r, 60));
    await touch();
    expect((await store.get(session.id))?.requestCount).toBe(session.requestCount + 2);
  });
});

describe.skipIf(!available)('createRedisCoordination', () => {
  it('takes the key prefix from the URL and namespaces the channel with it', async () => {
    const p = `${prefix}coord:`;
    const a = createRedisCoordination({ url: `${REDIS_URL}?prefix=${encodeURIComponent(p)}` });
    const b = createRedisCoordination({ url: `${REDIS_URL}?prefix=${encodeURIComponent(p)}` });
    try {
      const got: string[] = [];
      await b.revocationFeed.subscribe((r) => got.push(r.sessionId));
      await a.revocationFeed.publish(revoked('via-coordination'));
      await until(() => got.length > 0, 1000);
      await a.rateLimits.hit('x', 60_000, Date.now());
      expect((await b.rateLimits.peek('x', Date.now())).count).toBe(1);
      expect(await a.jobLock.tryAcquire('cleanup', 60_000)).toBe(true);
      expect(await b.jobLock.tryAcquire('cleanup', 60_000)).toBe(false);
      expect((await client.keys(`${p}*`)).length).toBeGreaterThanOrEqual(2);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe.skipIf(!available)('revocation log', () => {
  const fixture = (id: string, userId = 'u-log') =>
    sessionFixture({
      id,
      userId,
      idleExpiresAt: Date.now() + 15 * 60_000,
      absoluteExpiresAt: Date.now() + 3_600_000,
      refreshExpiresAt: Date.now() + 3_600_000,
    });

  it('a failed log write does not fail the revoke; the next poll repairs the log', async () => {
    const p = `${prefix}revlog:`;
    const store = createRedisStore({ client, keyPrefix: p });
    const session = fixture('rl-1');
    await store.create(session, { hash: 'h-rl-1', sessionId: 'rl-1', generation: 1, issuedAt: T0 });
    // A real Redis error on the log's slot: the log key holds the wrong type.
    const logKey = `${p}{g}:rev`;
    await client.set(logKey, 'not a sorted set');
    const at = Date.now();
    const revoked = await store.revoke({ sessionId: 'rl-1', reason: 'admin', at });
    expect(revoked).toMatchObject({ id: 'rl-1', revokedReason: 'admin' });
    expect(await store.revoke({ sessionId: 'rl-1', reason: 'admin', at })).toBeNull();
    await client.del(logKey);
    const listed = await store.listRevokedSince(at - 1, Date.now());
    expect(listed.map((r) => [r.sessionId, r.reason])).toEqual([['rl-1', 'admin']]);
    // Written for good: another store (instance) sees it too.
    const other = createRedisStore({ client, keyPrefix: p });
    expect((await other.listRevokedSince(at - 1, Date.now())).map((r) => r.sessionId)).toEqual([
      'rl-1',
    ]);
  });

  it('revokeForUser logs every session it ended', async () => {
    const p = `${prefix}revlog2:`;
    const store = createRedisStore({ client, keyPrefix: p });
    for (const id of ['ru-1', 'ru-2', 'ru-3']) {
      await store.create(fixture(id, 'u-all'), {
        hash: `h-${id}`,
        sessionId: id,
        generation: 1,
        issuedAt: T0,
      });
    }
    const at = Date.now();
    expect(
      await store.revokeForUser({ userId: 'u-all', reason: 'password_changed', at }),
    ).toHaveLength(3);
    const other = createRedisStore({ client, keyPrefix: p });
    const listed = await other.listRevokedSince(at - 1, Date.now());
    expect(listed.map((r) => r.sessionId).sort()).toEqual(['ru-1', 'ru-2', 'ru-3']);
  });
});
