import { runSessionStoreConformance, runUserStoreConformance } from '@tessera/store-testkit';
import { afterAll, describe, it } from 'vitest';
import { createRedisStore } from '../src/index.ts';
import { deletePrefix, randomPrefix, redisForTests, testClient } from './support/redis.ts';

const available = await redisForTests('store-redis conformance');

if (available) {
  const client = testClient();
  const filePrefix = randomPrefix('conformance');
  let n = 0;
  const factory = async () => {
    const prefix = `${filePrefix}${n++}:`;
    const store = createRedisStore({ client, keyPrefix: prefix });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await deletePrefix(client, prefix);
      },
    };
  };
  runSessionStoreConformance('redis', factory);
  runUserStoreConformance('redis', factory);
  afterAll(async () => {
    await deletePrefix(client, filePrefix);
    client.disconnect();
  });
} else {
  describe('redis: SessionStore conformance', () => {
    it.skip('Redis unreachable (see notice above)', () => {});
  });
}
