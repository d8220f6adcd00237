import type { ErrorCode } from './errors.ts';

/** The HTTP status each error code is served with. One table, used by the server's edge. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  invalid_credentials: 401,
  invalid_request: 400,
  invalid_token: 401,
  token_expired: 401,
  session_expired: 401,
  session_idle_timeout: 401,
  session_revoked: 401,
  refresh_token_reused: 401,
  csrf_failed: 403,
  forbidden: 403,
  step_up_required: 403,
  session_limit_reached: 409,
  version_conflict: 409,
  rate_limited: 429,
  quota_exceeded: 413,
  payload_too_large: 413,
  unsupported_media_type: 415,
  not_found: 404,
  unavailable: 503,
  internal: 500,
};

/** Short, client-safe titles for problem+json. Never contain request data. */
export const ERROR_TITLES: Readonly<Record<ErrorCode, string>> = {
  invalid_credentials: 'Invalid email or password',
  invalid_request: 'Invalid request',
  invalid_token: 'Invalid token',
  token_expired: 'Access token expired',
  session_expired: 'Session expired',
  session_idle_timeout: 'Session timed out after inactivity',
  session_revoked: 'Session ended',
  refresh_token_reused: 'Refresh token reused',
  csrf_failed: 'Cross-site request refused',
  forbidden: 'Forbidden',
  step_up_required: 'Re-authentication required',
  session_limit_reached: 'Too many active sessions',
  version_conflict: 'Version conflict',
  rate_limited: 'Too many requests',
  quota_exceeded: 'Quota exceeded',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  not_found: 'Not found',
  unavailable: 'Service unavailable',
  internal: 'Internal error',
};
