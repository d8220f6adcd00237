import type { AccessTokenClaims, Refusal, SessionRecord } from '@tessera/core';
import { Headers as H, PASSIVE_ACTIVITY } from '@tessera/protocol';
import { extractBearerToken } from '../http/extract-bearer-token.ts';
import type { AppContext, AppDeps } from './app-deps.ts';
import { HttpProblem } from './http-problem.ts';
import { iso } from './iso-time.ts';
import type { HeaderRecord } from './planned-headers.ts';

/** Deadline headers go on responses when a deadline is this close (2× a 2.5 min warning lead). */
const NEAR_DEADLINE_MS = 5 * 60 * 1000;

export interface Authenticated {
  claims: AccessTokenClaims;
  /** Expiry of the presented access token (epoch ms). */
  expiresAt: number;
}

/** The 401 problem for an engine refusal; `session_revoked` carries its reason. */
export function refusalProblem(refusal: Refusal, headers?: HeadersInit): HttpProblem {
  if (refusal.code === 'session_revoked')
    return new HttpProblem(refusal.code, {
      reason: refusal.reason,
      ...(headers ? { headers } : {}),
    });
  return new HttpProblem(refusal.code, headers ? { headers } : {});
}

export function isPassive(c: AppContext): boolean {
  return c.req.header(H.sessionActivity)?.trim().toLowerCase() === PASSIVE_ACTIVITY;
}

/**
 * Verify `Authorization: Bearer <access token>` (signature, claims and the revocation set).
 * Counts the request as activity unless it is passive or `activity` is false (/session-info).
 */
export async function authenticate(
  c: AppContext,
  deps: AppDeps,
  activity = true,
): Promise<Authenticated> {
  const token = extractBearerToken(c.req.raw.headers);
  if (token === null)
    throw new HttpProblem('invalid_token', { detail: 'A bearer access token is required' });
  const result = await deps.engine.verifyAccessToken(token);
  if (!result.ok) throw refusalProblem(result);
  if (activity) deps.engine.recordActivity(result.claims.sid, { passive: isPassive(c) });
  return { claims: result.claims, expiresAt: result.expiresAt };
}

/** Load the live session record of an authenticated request (revoked or lapsed ⇒ 401). */
export async function loadSession(deps: AppDeps, sessionId: string): Promise<SessionRecord> {
  const check = await deps.engine.checkSession(sessionId);
  if (!check.ok) throw refusalProblem(check);
  return check.session;
}

/** Session-Expires-At / Session-Idle-Expires-At when either deadline is near, else none. */
export function deadlineHeaders(session: SessionRecord, now: number): HeaderRecord {
  const nearest = Math.min(session.idleExpiresAt, session.absoluteExpiresAt);
  if (nearest - now > NEAR_DEADLINE_MS) return {};
  return {
    [H.sessionExpiresAt]: iso(session.absoluteExpiresAt),
    [H.sessionIdleExpiresAt]: iso(session.idleExpiresAt),
  };
}
