import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.TESSERA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** CI sets this: a missing service must fail the run instead of skipping. */
export const REQUIRE_SERVICES = process.env.TESSERA_REQUIRE_SERVICES === '1';

/** True when Redis answers PING within a second. */
export async function probeRedis(url = REDIS_URL): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * Whether the Redis tests of `suite` can run. Without Redis they skip with a visible notice,
 * unless TESSERA_REQUIRE_SERVICES=1, where a missing Redis fails.
 */
export async function redisForTests(suite: string): Promise<boolean> {
  if (await probeRedis()) return true;
  if (REQUIRE_SERVICES) {
    throw new Error(
      `${suite}: Redis at ${REDIS_URL} is unreachable and TESSERA_REQUIRE_SERVICES=1`,
    );
  }
  console.warn(
    `\n[SKIPPED] ${suite}: Redis at ${REDIS_URL} is unreachable (set TESSERA_TEST_REDIS_URL)\n`,
  );
  return false;
}

/** A key prefix no other test run uses. */
export function randomPrefix(label: string): string {
  return `tessera-test:${label}:${randomBytes(6).toString('hex')}:`;
}

/** SCAN + UNLINK every key under `prefix`. */
export async function deletePrefix(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await client.unlink(...keys);
  } while (cursor !== '0');
}

export function testClient(url = REDIS_URL): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  return client;
}
