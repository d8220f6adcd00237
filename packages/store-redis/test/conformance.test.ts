import { afterAll, describe, it } from 'vitest';
import { deletePrefix, randomPrefix, redisForTests, testClient } from './support/redis.ts';
import { runRedisStoreConformance } from './support/store-conformance.ts';

const available = await redisForTests('store-redis conformance');

if (available) {
  const client = testClient();
  const filePrefix = randomPrefix('conformance');
  runRedisStoreConformance('redis', { client: () => client, filePrefix, deletePrefix });
  afterAll(async () => {
    await deletePrefix(client, filePrefix);
    client.disconnect();
  });
} else {
  describe('redis: SessionStore conformance', () => {
    it.skip('Redis unreachable (see notice above)', () => {});
  });
}
