import type { SessionRecord } from '@tessera/core';
import { HttpProblem } from './http-problem.ts';

/**
 * Routes about the account or its sessions (/me, /sessions, /password) make no sense for a
 * guest session, which has no account: 403 `forbidden`, and the guest session stays live.
 */
export function requireUserSession(session: Pick<SessionRecord, 'kind'>): void {
  if (session.kind === 'anonymous') throw guestForbidden();
}

export function guestForbidden(): HttpProblem {
  return new HttpProblem('forbidden', { detail: 'A guest session cannot use this route' });
}
