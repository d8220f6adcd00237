import type { RateLimitStore } from '@tessera/core';

export interface MemoryRateLimitOptions {
  /** Most keys kept; beyond it expired windows are swept, then the oldest windows dropped. Default 100,000. */
  maxKeys?: number;
}

/**
 * Fixed-window counters in a bounded Map (one process). Share counters across instances with
 * a Redis-backed RateLimitStore instead.
 */
export function createMemoryRateLimitStore(options: MemoryRateLimitOptions = {}): RateLimitStore {
  const maxKeys = options.maxKeys ?? 100_000;
  const windows = new Map<string, { count: number; resetAt: number }>();

  const current = (key: string, now: number) => {
    const entry = windows.get(key);
    if (entry !== undefined && entry.resetAt <= now) {
      windows.delete(key);
      return undefined;
    }
    return entry;
  };
  const makeRoom = (now: number) => {
    if (windows.size < maxKeys) return;
    for (const [key, entry] of windows) if (entry.resetAt <= now) windows.delete(key);
    // Still full: drop the oldest windows (insertion order) rather than grow without bound.
    for (const key of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(key);
    }
  };

  return {
    async hit(key, windowMs, now) {
      let entry = current(key, now);
      if (entry === undefined) {
        makeRoom(now);
        entry = { count: 0, resetAt: now + windowMs };
        windows.set(key, entry);
      }
      entry.count += 1;
      return { count: entry.count, resetAt: entry.resetAt };
    },
    async peek(key, now) {
      const entry = current(key, now);
      return entry === undefined ? { count: 0, resetAt: now } : { ...entry };
    },
    async release(key, now) {
      const entry = current(key, now);
      if (entry !== undefined && entry.count > 0) entry.count -= 1;
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}
