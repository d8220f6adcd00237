/** Header names of the HTTP contract (lower-case, as Fetch normalises them). */
export const Headers = {
  /** `passive` marks a background request that must not slide the idle deadline. */
  sessionActivity: 'session-activity',
  /** Absolute deadline (ISO 8601), on responses near a deadline. */
  sessionExpiresAt: 'session-expires-at',
  /** Idle deadline (ISO 8601), on responses near a deadline. */
  sessionIdleExpiresAt: 'session-idle-expires-at',
  /** Server time (ISO 8601), so clients can keep a clock offset. */
  serverTime: 'server-time',
  /** Custom header required on cookie-authenticated state changes (CSRF defence). */
  csrf: 'x-tessera-csrf',
  retryAfter: 'retry-after',
  wwwAuthenticate: 'www-authenticate',
} as const;

/** Value of {@link Headers.sessionActivity} that marks a request passive. */
export const PASSIVE_ACTIVITY = 'passive';

/** Value the client sends in {@link Headers.csrf}. Any non-empty value is accepted; this one is conventional. */
export const CSRF_HEADER_VALUE = '1';

/**
 * Cookie names. The refresh cookie is scoped to the refresh path, so it uses the `__Secure-`
 * prefix (RFC 6265bis forbids `__Host-` with a path narrower than `/`). Plain-http development
 * (cookieSecure=false) drops the prefix because browsers refuse prefixed cookies without Secure.
 */
export const Cookies = {
  refresh: '__Secure-tessera-refresh',
  refreshInsecure: 'tessera-refresh',
} as const;
