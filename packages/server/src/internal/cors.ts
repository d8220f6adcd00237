import { Headers as H } from '@tessera/protocol';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-deps.ts';
import { type PlannedHeader, planHeaders } from './planned-headers.ts';

const ALLOW_METHODS = 'GET, POST, PATCH, DELETE';
const ALLOW_HEADERS = ['authorization', 'content-type', H.csrf, H.sessionActivity].join(', ');
const EXPOSE_HEADERS = [
  H.sessionExpiresAt,
  H.sessionIdleExpiresAt,
  H.serverTime,
  H.retryAfter,
  H.wwwAuthenticate,
].join(', ');

const VARY: readonly PlannedHeader[] = [['vary', 'Origin', 'append']];

function allowOrigin(origin: string): PlannedHeader[] {
  return [
    ['access-control-allow-origin', origin, 'set'],
    ['access-control-allow-credentials', 'true', 'set'],
    ['access-control-expose-headers', EXPOSE_HEADERS, 'set'],
  ];
}

/**
 * CORS for the configured origins only, with credentials. Other origins get no CORS headers
 * (the browser then withholds the response); a preflight from them is answered 204 bare.
 */
export function cors(trustedOrigins: readonly string[]): MiddlewareHandler<AppEnv> {
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
    planHeaders(c, ok ? [...VARY, ...allowOrigin(origin)] : VARY);
    return next();
  };
}
