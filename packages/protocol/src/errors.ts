/** Stable error codes carried in the `code` member of every problem+json response. */
export const ERROR_CODES = [
  'invalid_credentials',
  'invalid_request',
  'invalid_token',
  'token_expired',
  'session_expired',
  'session_idle_timeout',
  'session_revoked',
  'refresh_token_reused',
  'csrf_failed',
  'forbidden',
  'step_up_required',
  'session_limit_reached',
  'version_conflict',
  'rate_limited',
  'quota_exceeded',
  'payload_too_large',
  'unsupported_media_type',
  'not_found',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Why a session ended; stored on the session and returned with `session_revoked`. */
export const REVOCATION_REASONS = [
  'logout',
  'revoked_by_user',
  'password_changed',
  'admin',
  'signed_in_elsewhere',
  'suspicious_activity',
  'refresh_token_reused',
] as const;

export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/**
 * Reasons a client may show on the login page (`?reason=`): the revocation reasons plus the
 * two timeouts. Anything else must be ignored by the UI.
 */
export const SIGN_OUT_REASONS = [...REVOCATION_REASONS, 'idle_timeout', 'session_expired'] as const;

export type SignOutReason = (typeof SIGN_OUT_REASONS)[number];

/** RFC 9457 problem details with Tessera's members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ErrorCode;
  /** Present when a session was ended (`session_revoked`). */
  reason?: RevocationReason;
  /** Seconds, on 429 and 503 (mirrors the Retry-After header). */
  retryAfter?: number;
  /** Validation issues on `invalid_request`: path and message, never the rejected value. */
  issues?: { path: string; message: string }[];
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export function isRevocationReason(value: unknown): value is RevocationReason {
  return typeof value === 'string' && (REVOCATION_REASONS as readonly string[]).includes(value);
}

export function isSignOutReason(value: unknown): value is SignOutReason {
  return typeof value === 'string' && (SIGN_OUT_REASONS as readonly string[]).includes(value);
}
