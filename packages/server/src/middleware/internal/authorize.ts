import type { Clock } from '@tessera/core';
import { problemBody, type Rejection, rejection } from './problem.ts';
import { MISSING_CREDENTIALS, type TesseraSession } from './verify-request.ts';

const FORBIDDEN = rejection(problemBody('forbidden'));
const STEP_UP = rejection(problemBody('step_up_required'));
const GUEST_FORBIDDEN = rejection(
  problemBody('forbidden', { detail: 'A guest session has no authentication to refresh' }),
);

/** A role check: any one of `roles` lets the request through. Computed once per route. */
export function roleCheck(
  roles: readonly string[],
): (session: TesseraSession | null | undefined) => Rejection | null {
  if (roles.length === 0) throw new TypeError('requireRole needs at least one role');
  const wanted = new Set(roles);
  return (session) => {
    if (!session) return MISSING_CREDENTIALS;
    for (const role of session.roles) if (wanted.has(role)) return null;
    return FORBIDDEN;
  };
}

export interface FreshAuthOptions {
  /** Time source (epoch ms); defaults to the system clock. */
  clock?: Clock;
}

/**
 * A recency check on auth_time: older than `maxAgeSeconds` needs a step-up (POST /reauth). A
 * guest (let in by `allowGuests`) never authenticated and cannot step up: 403 `forbidden`.
 */
export function freshAuthCheck(
  maxAgeSeconds: number,
  options: FreshAuthOptions = {},
): (session: TesseraSession | null | undefined) => Rejection | null {
  if (!Number.isFinite(maxAgeSeconds) || maxAgeSeconds < 0) {
    throw new TypeError('requireFreshAuth needs a non-negative number of seconds');
  }
  const maxAgeMs = maxAgeSeconds * 1000;
  const clock = options.clock ?? Date;
  return (session) => {
    if (!session) return MISSING_CREDENTIALS;
    if (session.guest) return GUEST_FORBIDDEN;
    return clock.now() - session.authTime > maxAgeMs ? STEP_UP : null;
  };
}
