import type { AppDeps } from './app-deps.ts';
import { HttpProblem } from './http-problem.ts';

/** Failed sign-ins allowed per account and per client address in one window. */
export const ACCOUNT_LIMIT = 10;
export const ADDRESS_LIMIT = 50;
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;

export interface ThrottleKeys {
  account: string;
  address: string;
}

/** Keys for login (by lower-cased email) and password change (by user id) attempts. */
export function throttleKeys(
  kind: 'login' | 'password',
  account: string,
  ip: string | null,
): ThrottleKeys {
  return {
    account: `${kind}:account:${account.toLowerCase()}`,
    address: `auth:address:${ip ?? 'unknown'}`,
  };
}

/**
 * Counts this attempt on both keys BEFORE the password is verified (one atomic increment per
 * key), so parallel attempts cannot all pass a peek and overshoot: an attempt is verified only
 * when its own increment kept both counters within their limits. Over a limit ⇒ the increments
 * are given back (a refused attempt costs nothing and verifies nothing) and 429 is thrown.
 * The caller gives the attempt back with `releaseAttempt` when the password was right.
 */
export async function countAttempt(deps: AppDeps, keys: ThrottleKeys): Promise<void> {
  const now = deps.clock.now();
  const [account, address] = await Promise.all([
    deps.rateLimits.hit(keys.account, THROTTLE_WINDOW_MS, now),
    deps.rateLimits.hit(keys.address, THROTTLE_WINDOW_MS, now),
  ]);
  const until = Math.max(
    account.count > ACCOUNT_LIMIT ? account.resetAt : 0,
    address.count > ADDRESS_LIMIT ? address.resetAt : 0,
  );
  if (until === 0) return;
  await releaseAttempt(deps, keys);
  throw rateLimitedUntil(until, now);
}

/** 429 `rate_limited` with Retry-After: the seconds until the window resets (at least 1). */
export function rateLimitedUntil(resetAt: number, now: number): HttpProblem {
  return new HttpProblem('rate_limited', { retryAfter: Math.max(1, (resetAt - now) / 1000) });
}

/** Gives a counted attempt back on both keys (a success, or a refused attempt). */
export async function releaseAttempt(deps: AppDeps, keys: ThrottleKeys): Promise<void> {
  const now = deps.clock.now();
  await Promise.all([
    deps.rateLimits.release(keys.account, now),
    deps.rateLimits.release(keys.address, now),
  ]);
}
