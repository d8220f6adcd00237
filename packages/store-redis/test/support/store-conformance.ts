import { runSessionStoreConformance, runUserStoreConformance } from '@tessera/store-testkit';
import { createRedisStore } from '../../src/index.ts';
import type { RedisClient } from '../../src/internal/client.ts';

/**
 * The shared SessionStore and UserStore suites on `createRedisStore` over `client()` (read
 * lazily: a Cluster or Sentinel starts in beforeAll). Each store gets a key prefix of its own
 * under `filePrefix`, removed with `deletePrefix` after it.
 */
export function runRedisStoreConformance<C extends RedisClient>(
  name: string,
  options: {
    client: () => C;
    filePrefix: string;
    deletePrefix: (client: C, prefix: string) => Promise<void>;
  },
): void {
  let n = 0;
  const factory = async () => {
    const prefix = `${options.filePrefix}${n++}:`;
    const store = createRedisStore({ client: options.client(), keyPrefix: prefix });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await options.deletePrefix(options.client(), prefix);
      },
    };
  };
  runSessionStoreConformance(name, factory);
  runUserStoreConformance(name, factory);
}
