import type { SessionStore, TouchInput } from '@tessera/core';
import { guarded, type RedisClient } from './internal/client.ts';

export interface ActivityCoalescingOptions {
  client: RedisClient;
  /** At most one activity write per session per interval across all instances, ms. */
  intervalMs: number;
  /** Default `tessera:act:`. */
  keyPrefix?: string;
}

/**
 * Decorates a store so that N instances write a session's activity at most once per interval:
 * each touch entry first claims `SET <prefix><sessionId> NX PX intervalMs`; entries another
 * instance already claimed are dropped (their deadline gain is under one interval, like the
 * engine's own coalescing). Dropped entries' request/byte counters are not written, so counters
 * count the writes that landed. If Redis is unreachable every entry is written (fail open: the
 * primary store stays correct, only busier); if the store write fails the claims are released.
 */
export function withRedisActivityCoalescing<S extends SessionStore>(
  store: S,
  options: ActivityCoalescingOptions,
): S {
  return activityCoalescer(options)(store);
}

/** Validates the options once and returns the decorator. */
export function activityCoalescer(
  options: ActivityCoalescingOptions,
): <S extends SessionStore>(store: S) => S {
  const { client, intervalMs } = options;
  if (!Number.isInteger(intervalMs) || intervalMs <= 0) {
    throw new TypeError('intervalMs must be a positive integer');
  }
  const prefix = options.keyPrefix ?? 'tessera:act:';
  return <S extends SessionStore>(store: S): S => decorate(store, client, intervalMs, prefix);
}

function decorate<S extends SessionStore>(
  store: S,
  client: RedisClient,
  intervalMs: number,
  prefix: string,
): S {
  async function claim(inputs: readonly TouchInput[]): Promise<TouchInput[]> {
    try {
      const replies = await guarded(client, () =>
        Promise.all(
          inputs.map((i) => client.set(prefix + i.sessionId, '1', 'PX', intervalMs, 'NX')),
        ),
      );
      return inputs.filter((_, i) => replies[i] === 'OK');
    } catch {
      return [...inputs];
    }
  }

  async function touch(inputs: readonly TouchInput[]): Promise<void> {
    const kept = await claim(inputs);
    if (kept.length === 0) return;
    try {
      await store.touch(kept);
    } catch (error) {
      await Promise.all(kept.map((i) => client.del(prefix + i.sessionId))).catch(() => {});
      throw error;
    }
  }

  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'touch') return touch;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
