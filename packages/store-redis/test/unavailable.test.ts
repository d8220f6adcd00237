import { TesseraError } from '@tessera/core';
import { sessionFixture } from '@tessera/store-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRevocationFeed, createRedisStore } from '../src/index.ts';
import { freePort, hasRedisServer, PrivateRedis } from './support/private-redis.ts';
import { REQUIRE_SERVICES } from './support/redis.ts';

const runnable = await hasRedisServer();
if (!runnable) {
  if (REQUIRE_SERVICES)
    throw new Error('redis-server is not installed and TESSERA_REQUIRE_SERVICES=1');
  console.warn('\n[SKIPPED] store-redis outage tests: no redis-server binary\n');
}

async function code(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
    return undefined;
  } catch (error) {
    return error instanceof TesseraError ? error.code : `not a TesseraError: ${String(error)}`;
  }
}

describe.skipIf(!runnable)('Redis outages', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('nothing listening: every operation throws StoreUnavailableError (code unavailable)', async () => {
    const store = createRedisStore({ url: `redis://127.0.0.1:${await freePort()}` });
    try {
      expect(await code(store.ping())).toBe('unavailable');
      expect(await code(store.get('s'))).toBe('unavailable');
      expect(await code(store.listForUser('u', Date.now()))).toBe('unavailable');
    } finally {
      await store.close();
    }
  });

  it('fails closed fast while Redis is down and serves again when it is back', async () => {
    const store = createRedisStore({ url: redis.url, keyPrefix: 'outage:' });
    const now = Date.now();
    const session = sessionFixture({
      id: 'outage-1',
      userId: 'u',
      idleExpiresAt: now + 60_000,
      absoluteExpiresAt: now + 3_600_000,
      refreshExpiresAt: now + 3_600_000,
    });
    try {
      await store.create(session, {
        hash: 'h-outage',
        sessionId: session.id,
        generation: 1,
        issuedAt: now,
      });
      await redis.stop();
      const started = performance.now();
      expect(await code(store.get(session.id))).toBe('unavailable');
      expect(await code(store.findRefreshToken(session.id, 'h-outage'))).toBe('unavailable');
      expect(performance.now() - started).toBeLessThan(3000);
      await redis.resume();
      // The private server runs without persistence: data written before the kill is gone, so
      // recovery means the same store object serves again.
      const deadline = Date.now() + 5000;
      while ((await code(store.ping())) !== undefined && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await code(store.ping())).toBeUndefined();
      await store.create(session, {
        hash: 'h-outage',
        sessionId: session.id,
        generation: 1,
        issuedAt: now,
      });
      expect((await store.get(session.id))?.id).toBe(session.id);
    } finally {
      await store.close();
    }
  });

  it('the revocation feed reports unhealthy while Redis is down, healthy after', async () => {
    const feed = createRedisRevocationFeed({ url: redis.url, channel: 'outage' });
    try {
      await feed.subscribe(() => {});
      expect(feed.isHealthy()).toBe(true);
      await redis.stop();
      const deadline = Date.now() + 2000;
      while (feed.isHealthy() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(feed.isHealthy()).toBe(false);
      expect(
        await code(
          feed.publish({ sessionId: 's', reason: 'admin', revokedAt: 1, absoluteExpiresAt: 2 }),
        ),
      ).toBe('unavailable');
      await redis.resume();
      const back = Date.now() + 5000;
      while (!feed.isHealthy() && Date.now() < back) await new Promise((r) => setTimeout(r, 20));
      expect(feed.isHealthy()).toBe(true);
    } finally {
      await feed.close();
    }
  });
});
