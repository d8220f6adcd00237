import { AUTH_BASE_PATH } from '@tessera/protocol';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-deps.ts';
import { type PlannedHeader, planHeaders } from './planned-headers.ts';

/** Nothing may load from, frame or be submitted to an API response. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const EVERY_RESPONSE: readonly PlannedHeader[] = [
  ['x-content-type-options', 'nosniff', 'set'],
  ['referrer-policy', 'no-referrer', 'set'],
  ['x-frame-options', 'DENY', 'set'],
  ['cross-origin-opener-policy', 'same-origin', 'set'],
  // The static UI sends its own policy with its pages (static-files.ts).
  ['content-security-policy', API_CSP, 'default'],
];
const HSTS: readonly PlannedHeader[] = [
  ['strict-transport-security', 'max-age=31536000; includeSubDomains', 'set'],
];
const NEVER_STORED: readonly PlannedHeader[] = [
  ['cache-control', 'no-store', 'set'],
  ['pragma', 'no-cache', 'set'],
];

/** Headers on every response (OWASP secure headers); HSTS only when cookies are Secure (https). */
export function securityHeaders(options: { hsts: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    planHeaders(c, EVERY_RESPONSE);
    if (options.hsts) planHeaders(c, HSTS);
    if (c.req.path === AUTH_BASE_PATH || c.req.path.startsWith(`${AUTH_BASE_PATH}/`))
      planHeaders(c, NEVER_STORED);
    return next();
  };
}
