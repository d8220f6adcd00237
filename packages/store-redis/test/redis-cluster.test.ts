/**
 * The store on a real Redis Cluster (3 primaries, no replicas, started by this file): the shared
 * conformance suite through an ioredis `Cluster` client, plus what only a Cluster can break
 * (keys spread over nodes, hash tags, cleanup across slots, the cluster-layer parts that take a
 * client, a dead primary). `npx vitest run packages/store-redis/test/redis-cluster.test.ts`
 */

import { TesseraError } from '@tessera/core';
import { sessionFixture } from '@tessera/store-testkit';
import { type Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRedisJobLock,
  createRedisRateLimitStore,
  createRedisRevocationFeed,
  createRedisStore,
  withRedisActivityCoalescing,
} from '../src/index.ts';
import { REQUIRE_SERVICES, randomPrefix } from './support/redis.ts';
import {
  clusterKeys,
  deleteClusterPrefix,
  hasClusterBinaries,
  LocalRedisCluster,
} from './support/redis-cluster.ts';
import { runRedisStoreConformance } from './support/store-conformance.ts';

const runnable = await hasClusterBinaries();
if (!runnable) {
  if (REQUIRE_SERVICES) {
    throw new Error('redis-server/redis-cli are not installed and TESSERA_REQUIRE_SERVICES=1');
  }
  console.warn('\n[SKIPPED] store-redis Redis Cluster tests: no redis-server/redis-cli binary\n');
}

let cluster: LocalRedisCluster | undefined;
let client: Cluster | undefined;
const filePrefix = randomPrefix('cluster');

beforeAll(async () => {
  if (!runnable) return;
  cluster = await LocalRedisCluster.start(3);
  client = cluster.client();
}, 20_000);

afterAll(async () => {
  client?.disconnect();
  await cluster?.stop();
});

/** The started cluster and its client (only called from tests that run). */
function started(): { cluster: LocalRedisCluster; client: Cluster } {
  if (cluster === undefined || client === undefined) throw new Error('cluster not started');
  return { cluster, client };
}

const live = (id: string, userId: string) =>
  sessionFixture({
    id,
    userId,
    idleExpiresAt: Date.now() + 60_000,
    absoluteExpiresAt: Date.now() + 3_600_000,
    refreshExpiresAt: Date.now() + 3_600_000,
  });

async function code(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
    return undefined;
  } catch (error) {
    return error instanceof TesseraError ? error.code : `not a TesseraError: ${String(error)}`;
  }
}

if (runnable) {
  runRedisStoreConformance('redis cluster', {
    client: () => started().client,
    filePrefix,
    deletePrefix: deleteClusterPrefix,
  });
} else {
  describe('redis cluster: SessionStore conformance', () => {
    it.skip('redis-server not installed (see notice above)', () => {});
  });
}

describe.skipIf(!runnable)('key layout on a real Cluster', () => {
  it("one slot per user's keys, keys on every primary, cleanup removes pointers on other slots", async () => {
    const { cluster, client } = started();
    const prefix = `${filePrefix}layout:`;
    const store = createRedisStore({ client, keyPrefix: prefix });
    const users = Array.from({ length: 12 }, (_, i) => `user-${i}`);
    for (const [i, uid] of users.entries()) {
      const session = live(`s-${i}`, uid);
      await store.create(session, {
        hash: `h-${i}`,
        sessionId: session.id,
        generation: 1,
        issuedAt: 1,
      });
    }
    const keys = await clusterKeys(client, prefix);
    const ports = await Promise.all(keys.map((k) => cluster.portOfKey(k)));
    const slots = await Promise.all(keys.map((k) => client.cluster('KEYSLOT', k)));
    for (const uid of users) {
      const own = slots.filter((_, i) => keys[i]?.includes(`{u:${uid}}`));
      expect(own.length).toBe(4); // session, token, token set, index
      expect(new Set(own).size).toBe(1);
    }
    expect(new Set(ports)).toEqual(new Set(cluster.ports));

    // Every session has ended by then: deleted with its tokens and its pointers on other slots.
    expect(await store.deleteExpired(Date.now() + 7_200_000, 100)).toBe(users.length);
    expect(await clusterKeys(client, prefix)).toEqual([]);
  });

  it('a keyPrefix with braces is refused (x{} made every multi-key script CROSSSLOT)', async () => {
    const { client } = started();
    expect(() => createRedisStore({ client, keyPrefix: 'x{}' })).toThrow(
      expect.objectContaining({ code: 'invalid_config', option: 'keyPrefix' }),
    );
    expect(() => createRedisStore({ client, keyPrefix: 'a{b}:' })).toThrow(
      expect.objectContaining({ code: 'invalid_config' }),
    );
  });
});

describe.skipIf(!runnable)('cluster-layer parts that take a Cluster client', () => {
  it('rate-limit counters are shared by two Cluster clients, on keys of every node', async () => {
    const { cluster, client } = started();
    const other = cluster.client();
    try {
      const a = createRedisRateLimitStore({ client, keyPrefix: `${filePrefix}rl:` });
      const b = createRedisRateLimitStore({ client: other, keyPrefix: `${filePrefix}rl:` });
      const now = Date.now();
      const names = Array.from({ length: 9 }, (_, i) => `login:user${i}@example.com`);
      for (const key of names) {
        expect((await a.hit(key, 60_000, now)).count).toBe(1);
        expect((await b.hit(key, 60_000, now)).count).toBe(2);
        await b.release(key, now);
        expect((await a.peek(key, now)).count).toBe(1);
      }
      const keys = await clusterKeys(client, `${filePrefix}rl:`);
      expect(keys).toHaveLength(names.length);
      expect(new Set(await Promise.all(keys.map((k) => cluster.portOfKey(k)))).size).toBe(3);
      await a.reset(names[0] as string);
      expect((await b.peek(names[0] as string, now)).count).toBe(0);
    } finally {
      other.disconnect();
    }
  });

  it('job lock: one holder at a time across Cluster clients', async () => {
    const { cluster, client } = started();
    const other = cluster.client();
    try {
      const a = createRedisJobLock({ client, keyPrefix: `${filePrefix}lock:` });
      const b = createRedisJobLock({ client: other, keyPrefix: `${filePrefix}lock:` });
      expect(await a.tryAcquire('cleanup', 60_000)).toBe(true);
      expect(await b.tryAcquire('cleanup', 60_000)).toBe(false);
      await b.release('cleanup'); // not b's: a keeps it
      expect(await b.tryAcquire('cleanup', 60_000)).toBe(false);
      await a.release('cleanup');
      expect(await b.tryAcquire('cleanup', 60_000)).toBe(true);
      await b.release('cleanup');
    } finally {
      other.disconnect();
    }
  });

  it('activity coalescing: three instances on a Cluster write a session once', async () => {
    const { client } = started();
    const store = createRedisStore({ client, keyPrefix: `${filePrefix}act-store:` });
    const session = live('coalesced', 'u-act');
    await store.create(session, {
      hash: 'h-act',
      sessionId: session.id,
      generation: 1,
      issuedAt: 1,
    });
    const instances = [1, 2, 3].map(() =>
      withRedisActivityCoalescing(store, {
        client,
        intervalMs: 60_000,
        keyPrefix: `${filePrefix}act:`,
      }),
    );
    const at = Date.now();
    await Promise.all(
      instances.map((s, i) =>
        s.touch([{ sessionId: session.id, lastActiveAt: at + i, requestCount: 1, bytesSent: 0 }]),
      ),
    );
    expect((await store.get(session.id))?.requestCount).toBe(session.requestCount + 1);
  });

  it('the revocation feed refuses a Cluster client (its health could not be trusted)', () => {
    const { client } = started();
    expect(() =>
      createRedisRevocationFeed({ client: client as unknown as Redis, channel: 'x' }),
    ).toThrow(expect.objectContaining({ code: 'invalid_config', option: 'client' }));
  });

  it('why: a Cluster client re-subscribes on its own after its subscriber dies, with no event', async () => {
    const { cluster } = started();
    const name = `${filePrefix}why-subscriber`.replace(/[^\w:.-]/g, '_');
    const sub = cluster.client({ redisOptions: { connectionName: name } });
    const events: string[] = [];
    for (const e of ['close', 'end', 'reconnecting']) sub.on(e, () => events.push(e));
    const received: string[] = [];
    sub.on('message', (_ch: string, m: string) => received.push(m));
    const publisher = new Redis(cluster.ports[0] as number, '127.0.0.1');
    try {
      await sub.subscribe(`${filePrefix}why`);
      // Only this subscriber's connection (other tests' clients may still be connected), and
      // only once: killed, it re-subscribes at once, possibly on a node not listed yet.
      let killed = 0;
      for (const port of cluster.ports) {
        const admin = new Redis(port, '127.0.0.1');
        const list = String(await admin.call('CLIENT', 'LIST', 'TYPE', 'pubsub'));
        // ioredis names it `ioredis-cluster(subscriber):<connectionName>`.
        const line = list.split('\n').find((l) => / name=(\S+)/.exec(l)?.[1]?.endsWith(`:${name}`));
        const id = line ? /^id=(\d+)/.exec(line)?.[1] : undefined;
        if (id) killed += Number(await admin.call('CLIENT', 'KILL', 'ID', id));
        admin.disconnect();
        if (killed > 0) break;
      }
      expect(killed).toBe(1);
      // Nothing told the application, yet messages flow again: a gap would go unnoticed.
      const deadline = Date.now() + 5000;
      while (!received.includes('after') && Date.now() < deadline) {
        await publisher.publish(`${filePrefix}why`, 'after');
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(received).toContain('after');
      expect(sub.status).toBe('ready');
      expect(events).toEqual([]);
    } finally {
      publisher.disconnect();
      sub.disconnect();
    }
  });
});

// Last: it kills a primary, and the cluster has no replica to take over its slots.
describe.skipIf(!runnable)('a primary dies', () => {
  it("its sessions fail closed (unavailable), other primaries' sessions are still served", async () => {
    const { cluster, client } = started();
    const prefix = `${filePrefix}outage:`;
    const writer = createRedisStore({ client, keyPrefix: prefix });
    const ids = Array.from({ length: 12 }, (_, i) => `o-${i}`);
    for (const [i, id] of ids.entries()) {
      await writer.create(live(id, `ou-${i}`), {
        hash: `oh-${i}`,
        sessionId: id,
        generation: 1,
        issuedAt: 1,
      });
    }
    const victim = cluster.ports[0] as number;
    // A get reads the session id pointer, then the session under the user's tag.
    const onVictim = await Promise.all(
      ids.map(async (id, i) => {
        const ports = await Promise.all([
          cluster.portOfKey(`${prefix}{s:${id}}`),
          cluster.portOfKey(`${prefix}{u:ou-${i}}:s:${id}`),
        ]);
        return ports.includes(victim);
      }),
    );
    expect(onVictim).toContain(true);
    expect(onVictim).toContain(false);
    await cluster.killNode(victim);

    // A fresh store (another instance): no routing cached, every read goes to Redis.
    const reader = createRedisStore({ client, keyPrefix: prefix });
    const startedAt = performance.now();
    const outcomes = await Promise.all(
      ids.map(async (id) => {
        try {
          return (await reader.get(id))?.id ?? 'missing';
        } catch (error) {
          return code(Promise.reject(error));
        }
      }),
    );
    expect(performance.now() - startedAt).toBeLessThan(5000);
    expect(outcomes).toEqual(ids.map((id, i) => (onVictim[i] ? 'unavailable' : id)));
  });
});
