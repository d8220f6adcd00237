import { randomUUID } from 'node:crypto';
import type { JobLock } from '@tessera/core';
import { guarded, type RedisClient } from './internal/client.ts';
import { defineScripts } from './internal/commands.ts';

export interface RedisJobLockOptions {
  client: RedisClient;
  /** Default `tessera:lock:`. */
  keyPrefix?: string;
}

/**
 * A lease per job name: SET NX PX with a random token; release deletes the key only while it
 * still holds this instance's token, so a holder whose lease ran out never frees a successor's.
 */
export function createRedisJobLock(options: RedisJobLockOptions): JobLock {
  const { client } = options;
  const prefix = options.keyPrefix ?? 'tessera:lock:';
  const script = defineScripts(client);
  const held = new Map<string, string>();

  return {
    async tryAcquire(name, ttlMs) {
      if (!Number.isInteger(ttlMs) || ttlMs <= 0)
        throw new TypeError('ttlMs must be a positive integer');
      const token = randomUUID();
      const ok = await guarded(client, () => client.set(prefix + name, token, 'PX', ttlMs, 'NX'));
      if (ok !== 'OK') return false;
      held.set(name, token);
      return true;
    },
    async release(name) {
      const token = held.get(name);
      if (token === undefined) return;
      held.delete(name);
      await guarded(client, () => script('tesseraReleaseLock', [prefix + name], [token]));
    },
  };
}
