import {
  ERROR_STATUS,
  ERROR_TITLES,
  type ErrorCode,
  type Problem,
  type RevocationReason,
} from '@tessera/protocol';

export interface ProblemInit {
  /** Revocation reason, on `session_revoked`. */
  reason?: RevocationReason;
  /** Client-safe detail. Never request data, tokens or internals. */
  detail?: string;
  /** Seconds; also sent as the Retry-After header. */
  retryAfter?: number;
  /** Validation issues on `invalid_request`. */
  issues?: { path: string; message: string }[];
  /**
   * Status outside the one table: only 431 (request headers too large), which has no code of
   * its own and is answered with `invalid_request`.
   */
  status?: 431;
  /** Extra response headers (e.g. Set-Cookie clearing the refresh cookie). */
  headers?: HeadersInit;
}

/** 401 codes that concern a presented token or session (RFC 6750 `invalid_token`). */
const TOKEN_CODES: ReadonlySet<ErrorCode> = new Set([
  'invalid_token',
  'token_expired',
  'session_expired',
  'session_idle_timeout',
  'session_revoked',
  'refresh_token_reused',
]);

/**
 * An RFC 9457 problem+json response. The status comes from protocol's ERROR_STATUS, so the
 * service and the verification middleware answer every error identically.
 */
export function problemResponse(code: ErrorCode, init: ProblemInit = {}): Response {
  const status = init.status ?? ERROR_STATUS[code];
  const body: Problem = {
    type: `https://tessera.dev/errors/${code}`,
    title: init.status === 431 ? 'Request header fields too large' : ERROR_TITLES[code],
    status,
    code,
  };
  if (init.detail !== undefined) body.detail = init.detail;
  if (init.reason !== undefined) body.reason = init.reason;
  if (init.issues !== undefined) body.issues = init.issues;
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/problem+json');
  headers.set('cache-control', 'no-store');
  if (init.retryAfter !== undefined) {
    const seconds = Math.max(1, Math.ceil(init.retryAfter));
    body.retryAfter = seconds;
    headers.set('retry-after', String(seconds));
  }
  if (status === 401) {
    headers.set(
      'www-authenticate',
      TOKEN_CODES.has(code)
        ? 'Bearer realm="tessera", error="invalid_token"'
        : 'Bearer realm="tessera"',
    );
  }
  return new Response(JSON.stringify(body), { status, headers });
}
