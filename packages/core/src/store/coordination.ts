/**
 * Counters shared by every instance (login throttling, rate limits). The server keeps an
 * in-memory one by default; a Redis implementation shares them across instances.
 */
export interface RateLimitStore {
  /** Count one hit on `key` in a fixed window of `windowMs`; returns the count so far and when the window resets (epoch ms). */
  hit(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }>;
  /** Current count without adding a hit. */
  peek(key: string, now: number): Promise<{ count: number; resetAt: number }>;
  /**
   * Give back one hit on `key` (an attempt counted up front that turned out to be allowed, e.g.
   * a correct password). Never goes below 0; a no-op when the window has ended.
   */
  release(key: string, now: number): Promise<void>;
  reset(key: string): Promise<void>;
}

/** Makes a periodic job (cleanup) run on one instance at a time. */
export interface JobLock {
  /** Take the named lock for `ttlMs` unless another holder has it. Returns true when taken. */
  tryAcquire(name: string, ttlMs: number): Promise<boolean>;
  release(name: string): Promise<void>;
}
