import type { JobLock, RateLimitStore, SessionStore } from '@tessera/core';
import { activityCoalescer } from './activity-coalescing.ts';
import { connect } from './internal/client.ts';
import { splitPrefix } from './internal/url-prefix.ts';
import { createRedisJobLock } from './job-lock.ts';
import { createRedisRateLimitStore } from './rate-limit-store.ts';
import { createRedisRevocationFeed, type RedisRevocationFeed } from './revocation-feed.ts';

export interface RedisCoordinationOptions {
  /**
   * `redis://host:6379/0`. Optional query parameter `prefix` (default `tessera:`) namespaces
   * every key and the revocation channel, so several deployments can share one Redis.
   */
  url: string;
  /** Overrides the URL's `prefix`. */
  keyPrefix?: string;
  /** Activity write interval for {@link RedisCoordination.coalesceActivity}, ms. Default 60000. */
  activityIntervalMs?: number;
}

/** The cluster layer for any primary store: what the server opens for `TESSERA_REDIS_URL`. */
export interface RedisCoordination {
  revocationFeed: RedisRevocationFeed;
  rateLimits: RateLimitStore;
  jobLock: JobLock;
  /** Wrap the primary store so instances write each session's activity once per interval. */
  coalesceActivity<S extends SessionStore>(store: S): S;
  close(): Promise<void>;
}

/** Open one command connection (shared) and one subscriber connection. */
export function createRedisCoordination(options: RedisCoordinationOptions): RedisCoordination {
  const { url, prefix } = splitPrefix(options.url, 'TESSERA_REDIS_URL');
  const keyPrefix = options.keyPrefix ?? prefix ?? 'tessera:';
  const client = connect({ url, commandTimeoutMs: 2000 });
  const revocationFeed = createRedisRevocationFeed({ client, channel: `${keyPrefix}revocations` });
  const coalesce = activityCoalescer({
    client,
    intervalMs: options.activityIntervalMs ?? 60_000,
    keyPrefix: `${keyPrefix}act:`,
  });
  return {
    revocationFeed,
    rateLimits: createRedisRateLimitStore({ client, keyPrefix: `${keyPrefix}rl:` }),
    jobLock: createRedisJobLock({ client, keyPrefix: `${keyPrefix}lock:` }),
    coalesceActivity: coalesce,
    async close() {
      await revocationFeed.close();
      await client.quit().catch(() => client.disconnect());
    },
  };
}
