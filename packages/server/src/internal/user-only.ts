import type { SessionRecord } from '@tessera/core';
import type { AppDeps } from './app-deps.ts';
import { loadSession } from './authenticate.ts';
import { HttpProblem } from './http-problem.ts';

/**
 * The live session of a route about the account or its sessions (/sessions, /password,
 * /reauth): like loadSession, and a guest session, which has no account, gets 403 `forbidden`
 * and stays live.
 */
export async function loadUserSession(deps: AppDeps, sessionId: string): Promise<SessionRecord> {
  const session = await loadSession(deps, sessionId);
  if (session.kind === 'anonymous') throw guestForbidden();
  return session;
}

export function guestForbidden(): HttpProblem {
  return new HttpProblem('forbidden', { detail: 'A guest session cannot use this route' });
}
