import { createHash } from 'node:crypto';
import type { RateLimitStore } from '@tessera/core';
import { guarded, type RedisClient } from './internal/client.ts';
import { defineScripts } from './internal/commands.ts';

export interface RedisRateLimitStoreOptions {
  client: RedisClient;
  /** Default `tessera:rl:`. */
  keyPrefix?: string;
}

/**
 * Fixed-window counters shared by every instance: INCR and PEXPIRE NX in one script, so the
 * window starts with the first hit and a crash between the two can never leave a counter
 * without expiry. Keys are hashed: emails and addresses are not kept in Redis in clear.
 */
export function createRedisRateLimitStore(options: RedisRateLimitStoreOptions): RateLimitStore {
  const { client } = options;
  const prefix = options.keyPrefix ?? 'tessera:rl:';
  const script = defineScripts(client);
  const keyOf = (key: string): string =>
    `${prefix}${createHash('sha256').update(key).digest('base64url').slice(0, 32)}`;
  const resetAt = (now: number, pttl: number): number => (pttl > 0 ? now + pttl : now);

  return {
    async hit(key, windowMs, now) {
      if (!Number.isInteger(windowMs) || windowMs <= 0) {
        throw new TypeError('windowMs must be a positive integer');
      }
      const reply = (await guarded(client, () =>
        script('tesseraRateLimitHit', [keyOf(key)], [windowMs]),
      )) as [number, number];
      return { count: Number(reply[0]), resetAt: resetAt(now, Number(reply[1])) };
    },
    async peek(key, now) {
      const k = keyOf(key);
      const [count, pttl] = await guarded(client, () =>
        Promise.all([client.get(k), client.pttl(k)]),
      );
      return { count: Number(count ?? 0), resetAt: resetAt(now, pttl) };
    },
    async release(key) {
      await guarded(client, () => script('tesseraRateLimitRelease', [keyOf(key)], []));
    },
    async reset(key) {
      await guarded(client, () => client.del(keyOf(key)));
    },
  };
}
