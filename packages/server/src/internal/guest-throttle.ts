import type { AppDeps } from './app-deps.ts';
import { rateLimitedUntil, THROTTLE_WINDOW_MS } from './login-throttle.ts';

/** Guest sessions one client address may start in one throttle window (15 minutes). */
export const GUEST_ADDRESS_LIMIT = 30;

/**
 * Counts a guest-session start for the client address (every start counts: it needs no
 * credentials, so each one is a store write an attacker could repeat). Over the limit ⇒ the
 * hit is given back and 429 `rate_limited` with Retry-After. Same counters as login throttling
 * (the shared RateLimitStore), under a key of its own.
 */
export async function countGuestStart(deps: AppDeps, ip: string | null): Promise<void> {
  const key = `anonymous:address:${ip ?? 'unknown'}`;
  const now = deps.clock.now();
  const { count, resetAt } = await deps.rateLimits.hit(key, THROTTLE_WINDOW_MS, now);
  if (count <= GUEST_ADDRESS_LIMIT) return;
  await deps.rateLimits.release(key, now);
  throw rateLimitedUntil(resetAt, now);
}
