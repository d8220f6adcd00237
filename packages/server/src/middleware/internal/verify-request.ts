import type { SessionEngine } from '@tessera/core';
import { isAnonymousUserId, TesseraError } from '@tessera/core';
import type { Aal, ErrorCode, RevocationReason } from '@tessera/protocol';
import { PASSIVE_ACTIVITY } from '@tessera/protocol';
import { problemBody, type Rejection, rejection } from './problem.ts';

/** The verified session a middleware puts on the request. Times are epoch milliseconds. */
export interface TesseraSession {
  readonly userId: string;
  readonly sessionId: string;
  readonly roles: readonly string[];
  readonly aal: Aal;
  /** Last full authentication (password or step-up). */
  readonly authTime: number;
  /** Expiry of the access token that authenticated this request. */
  readonly expiresAt: number;
  /** A guest session (POST /anonymous): no account; only where `allowGuests` let it in. */
  readonly guest: boolean;
}

/** The two request headers verification reads (lower-case names, raw values). */
export interface RequestCredentials {
  authorization: string | null | undefined;
  sessionActivity: string | null | undefined;
}

export interface VerifyRequestOptions {
  engine: SessionEngine;
  /** Let requests without credentials through with a null session. Bad credentials still fail. */
  optional?: boolean;
  /**
   * Let guest sessions (POST /anonymous, no account) through. Default false: a guest's access
   * token is valid, but a route written for signed-in users must not mistake it for one, so it
   * is refused with 403 `forbidden` (the guest session stays live).
   */
  allowGuests?: boolean;
}

export type Verdict = { readonly ok: true; readonly session: TesseraSession | null } | Rejection;

/** Seconds a client should wait before retrying when the store or revocation feed is down. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;
/** A Tessera JWT is well under 2 KB; anything far larger is refused before parsing. */
const MAX_TOKEN_LENGTH = 8192;
// RFC 6750 §2.1: `Bearer` (case-insensitive), one or more spaces, b64token.
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const BEARER_SCHEME = /^bearer(?: |$)/i;

const REALM = 'Bearer realm="tessera"';
// RFC 6750 §3.1: a request without credentials gets no error code in the challenge.
export const MISSING_CREDENTIALS = rejection(
  problemBody('invalid_token', { detail: 'Bearer token required' }),
  {
    'www-authenticate': REALM,
  },
);
const PASS_WITHOUT_SESSION: Verdict = Object.freeze({ ok: true as const, session: null });
const UNAVAILABLE = rejection(
  problemBody('unavailable', { retryAfter: UNAVAILABLE_RETRY_AFTER_SECONDS }),
  { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
);
const PASSIVE = Object.freeze({ passive: true });
const GUEST_REFUSED = rejection(
  problemBody('forbidden', { detail: 'This route needs a signed-in user, not a guest session' }),
);

/** Refusals are immutable, so each code (and reason) is built once and reused. */
const REFUSALS = new Map<string, Rejection>();
/** Challenges by code, computed once. */
const CHALLENGE: Partial<Record<ErrorCode, string>> = {
  invalid_token: `${REALM}, error="invalid_token"`,
  token_expired: `${REALM}, error="invalid_token", error_description="The access token expired"`,
  session_expired: `${REALM}, error="invalid_token", error_description="The session expired"`,
  session_idle_timeout: `${REALM}, error="invalid_token", error_description="The session timed out"`,
  session_revoked: `${REALM}, error="invalid_token", error_description="The session ended"`,
  refresh_token_reused: `${REALM}, error="invalid_token", error_description="The session ended"`,
};
const INVALID = refusal('invalid_token');

/**
 * Verifies the bearer access token of one request, framework-neutrally: headers in, a session
 * or a ready-made refusal out. Tokens are read from the Authorization header only — never
 * from the query string or cookies. Counts the request as activity unless it is passive.
 */
export async function verifyRequest(
  options: VerifyRequestOptions,
  credentials: RequestCredentials,
): Promise<Verdict> {
  const header = credentials.authorization;
  if (!header || !BEARER_SCHEME.test(header))
    return options.optional ? PASS_WITHOUT_SESSION : MISSING_CREDENTIALS;
  if (header.length > MAX_TOKEN_LENGTH) return INVALID;
  const token = BEARER.exec(header)?.[1];
  if (token === undefined) return INVALID;
  let result: Awaited<ReturnType<SessionEngine['verifyAccessToken']>>;
  try {
    result = await options.engine.verifyAccessToken(token);
  } catch (error) {
    if (isUnavailable(error)) return UNAVAILABLE;
    throw error;
  }
  if (!result.ok) {
    return result.code === 'session_revoked'
      ? refusal(result.code, result.reason)
      : refusal(result.code);
  }
  const { claims } = result;
  const guest = isAnonymousUserId(claims.sub);
  if (guest && options.allowGuests !== true) return GUEST_REFUSED;
  options.engine.recordActivity(
    claims.sid,
    isPassive(credentials.sessionActivity) ? PASSIVE : undefined,
  );
  const session: TesseraSession = {
    userId: claims.sub,
    sessionId: claims.sid,
    roles: claims.roles,
    aal: claims.aal,
    authTime: claims.auth_time * 1000,
    expiresAt: result.expiresAt,
    guest,
  };
  return { ok: true, session };
}

function isPassive(value: string | null | undefined): boolean {
  return (
    value != null && (value === PASSIVE_ACTIVITY || value.trim().toLowerCase() === PASSIVE_ACTIVITY)
  );
}

/** Store or revocation feed down: fail closed with 503, never 401 (clients would sign out). */
function isUnavailable(error: unknown): boolean {
  return error instanceof TesseraError && error.code === 'unavailable';
}

function refusal(code: ErrorCode, reason?: RevocationReason): Rejection {
  const key = reason === undefined ? code : `${code}:${reason}`;
  let cached = REFUSALS.get(key);
  if (cached === undefined) {
    const body = problemBody(code, reason === undefined ? undefined : { reason });
    cached = rejection(body, { 'www-authenticate': CHALLENGE[code] ?? REALM });
    REFUSALS.set(key, cached);
  }
  return cached;
}
