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
 * 429 when either counter is at its limit. Only failures are counted (see recordFailure), so a
 * burst of parallel attempts can overshoot by at most the number in flight.
 */
export async function assertNotThrottled(deps: AppDeps, keys: ThrottleKeys): Promise<void> {
  const now = deps.clock.now();
  const [account, address] = await Promise.all([
    deps.rateLimits.peek(keys.account, now),
    deps.rateLimits.peek(keys.address, now),
  ]);
  const blocked = [
    account.count >= ACCOUNT_LIMIT ? account.resetAt : 0,
    address.count >= ADDRESS_LIMIT ? address.resetAt : 0,
  ];
  const until = Math.max(...blocked);
  if (until > 0) throw new HttpProblem('rate_limited', { retryAfter: (until - now) / 1000 });
}

export async function recordFailure(deps: AppDeps, keys: ThrottleKeys): Promise<void> {
  const now = deps.clock.now();
  await Promise.all([
    deps.rateLimits.hit(keys.account, THROTTLE_WINDOW_MS, now),
    deps.rateLimits.hit(keys.address, THROTTLE_WINDOW_MS, now),
  ]);
}
