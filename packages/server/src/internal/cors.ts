import { Headers as H } from '@tessera/protocol';
import type { MiddlewareHandler } from 'hono';

const ALLOW_METHODS = 'GET, POST, PATCH, DELETE';
const ALLOW_HEADERS = ['authorization', 'content-type', H.csrf, H.sessionActivity].join(', ');
const EXPOSE_HEADERS = [
  H.sessionExpiresAt,
  H.sessionIdleExpiresAt,
  H.serverTime,
  H.retryAfter,
  H.wwwAuthenticate,
].join(', ');

/**
 * CORS for the configured origins only, with credentials. Other origins get no CORS headers
 * (the browser then withholds the response); a preflight from them is answered 204 bare.
 */
export function cors(trustedOrigins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(trustedOrigins);
  return async (c, next) => {
    const origin = c.req.header('origin');
    const ok = origin !== undefined && allowed.has(origin);
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined) {
      const headers = new Headers({ vary: 'Origin', 'cache-control': 'no-store' });
      if (ok) {
        headers.set('access-control-allow-origin', origin);
        headers.set('access-control-allow-credentials', 'true');
        headers.set('access-control-allow-methods', ALLOW_METHODS);
        headers.set('access-control-allow-headers', ALLOW_HEADERS);
        headers.set('access-control-max-age', '600');
      }
      return new Response(null, { status: 204, headers });
    }
    await next();
    c.res.headers.append('vary', 'Origin');
    if (ok) {
      c.res.headers.set('access-control-allow-origin', origin);
      c.res.headers.set('access-control-allow-credentials', 'true');
      c.res.headers.set('access-control-expose-headers', EXPOSE_HEADERS);
    }
  };
}
