import { AUTH_BASE_PATH } from '@tessera/protocol';
import type { MiddlewareHandler } from 'hono';

/** Nothing may load from, frame or be submitted to an API response. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * For the optional static UI: same-origin scripts only. Inline style attributes are allowed
 * because UI kits set them; inline scripts are not.
 */
const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every response (OWASP secure headers); HSTS only when cookies are Secure (https). */
export function securityHeaders(options: { hsts: boolean }): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    const isHtml = (h.get('content-type') ?? '').startsWith('text/html');
    h.set('x-content-type-options', 'nosniff');
    h.set('referrer-policy', 'no-referrer');
    h.set('x-frame-options', 'DENY');
    h.set('cross-origin-opener-policy', 'same-origin');
    if (!h.has('content-security-policy'))
      h.set('content-security-policy', isHtml ? UI_CSP : API_CSP);
    if (options.hsts) h.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (c.req.path === AUTH_BASE_PATH || c.req.path.startsWith(`${AUTH_BASE_PATH}/`)) {
      h.set('cache-control', 'no-store');
      h.set('pragma', 'no-cache');
    }
  };
}
