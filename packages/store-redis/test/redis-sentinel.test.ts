/**
 * The store behind Redis Sentinel (one primary, one replica, one sentinel, started by this
 * file): the shared conformance suite through an ioredis client with the `sentinels` option, the
 * revocation feed on a Sentinel client, and a forced failover that the store survives.
 * `npx vitest run packages/store-redis/test/redis-sentinel.test.ts`
 */

import type { RevokedSession } from '@tessera/core';
import { sessionFixture } from '@tessera/store-testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRevocationFeed, createRedisStore } from '../src/index.ts';
import { deletePrefix, REQUIRE_SERVICES, randomPrefix } from './support/redis.ts';
import { hasClusterBinaries } from './support/redis-cluster.ts';
import { LocalRedisSentinel } from './support/redis-sentinel.ts';
import { runRedisStoreConformance } from './support/store-conformance.ts';

const runnable = await hasClusterBinaries();
if (!runnable) {
  if (REQUIRE_SERVICES)
    throw new Error('redis-server is not installed and TESSERA_REQUIRE_SERVICES=1');
  console.warn('\n[SKIPPED] store-redis Sentinel tests: no redis-server binary\n');
}

let sentinel: LocalRedisSentinel | undefined;
let client: Redis | undefined;
const filePrefix = randomPrefix('sentinel');

beforeAll(async () => {
  if (!runnable) return;
  sentinel = await LocalRedisSentinel.start();
  client = sentinel.client();
}, 20_000);

afterAll(async () => {
  client?.disconnect();
  await sentinel?.stop();
});

function started(): { sentinel: LocalRedisSentinel; client: Redis } {
  if (sentinel === undefined || client === undefined) throw new Error('sentinel not started');
  return { sentinel, client };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

if (runnable) {
  runRedisStoreConformance('redis sentinel', {
    client: () => started().client,
    filePrefix,
    deletePrefix: deletePrefix,
  });
} else {
  describe('redis sentinel: SessionStore conformance', () => {
    it.skip('redis-server not installed (see notice above)', () => {});
  });
}

describe.skipIf(!runnable)('behind Sentinel', () => {
  it('the revocation feed works on a Sentinel client', async () => {
    const channel = `${filePrefix}revocations`;
    const a = createRedisRevocationFeed({ client: started().client, channel });
    const b = createRedisRevocationFeed({ client: started().client, channel });
    try {
      const got: RevokedSession[] = [];
      await b.subscribe((r) => got.push(r));
      expect(b.isHealthy()).toBe(true);
      await a.publish({ sessionId: 's-1', reason: 'admin', revokedAt: 1, absoluteExpiresAt: 2 });
      await until(() => got.length > 0, 1000);
      expect(got[0]?.sessionId).toBe('s-1');
    } finally {
      await a.close();
      await b.close();
    }
  });

  // Last: it swaps the roles of primary and replica.
  it('after a failover the client follows the new primary and the sessions are still there', async () => {
    const { sentinel, client } = started();
    const store = createRedisStore({ client, keyPrefix: `${filePrefix}failover:` });
    const now = Date.now();
    const session = sessionFixture({
      id: 'fo-1',
      userId: 'u-fo',
      idleExpiresAt: now + 60_000,
      absoluteExpiresAt: now + 3_600_000,
      refreshExpiresAt: now + 3_600_000,
    });
    await store.create(session, { hash: 'h-fo', sessionId: 'fo-1', generation: 1, issuedAt: now });
    // Acknowledged by the replica before the switch (what min-replicas-to-write gives in prod).
    expect(await client.wait(1, 2000)).toBe(1);
    const before = await sentinel.primaryNow();
    await sentinel.failover();
    expect(await sentinel.primaryNow()).not.toBe(before);
    // The old connection is dropped by the failover; ioredis asks the sentinel again.
    let read: Awaited<ReturnType<typeof store.get>> = null;
    await until(async () => {
      read = await store.get('fo-1').catch(() => null);
      return read !== null;
    }, 10_000);
    expect(read).toMatchObject({ id: 'fo-1', userId: 'u-fo' });
    const revoked = await store.revoke({ sessionId: 'fo-1', reason: 'admin', at: Date.now() });
    expect(revoked?.revokedReason).toBe('admin');
    expect((await client.call('ROLE')) as unknown[]).toContain('master');
  }, 20_000);
});
