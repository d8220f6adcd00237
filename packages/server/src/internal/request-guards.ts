import type { Clock } from '@tessera/core';
import { AUTH_BASE_PATH, Headers as H } from '@tessera/protocol';
import type { MiddlewareHandler } from 'hono';
import { problemResponse } from '../http/problem-response.ts';
import type { AppContext, AppEnv } from './app-deps.ts';
import { iso } from './iso-time.ts';
import { planHeaders } from './planned-headers.ts';

/** Per-header caps (bytes): larger requests get 431 before any work is done. */
export const MAX_AUTH_HEADER_BYTES = 8 * 1024;
export const MAX_COOKIE_HEADER_BYTES = 8 * 1024;
export const MAX_TOTAL_HEADER_BYTES = 32 * 1024;

/** Query parameters that look like credentials. Tokens are never taken from the URL. */
const TOKEN_PARAMS = [
  'access_token',
  'accesstoken',
  'refresh_token',
  'refreshtoken',
  'token',
  'id_token',
];

export function headerLimits(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = c.req.header('authorization')?.length ?? 0;
    const cookie = c.req.header('cookie')?.length ?? 0;
    if (
      auth > MAX_AUTH_HEADER_BYTES ||
      cookie > MAX_COOKIE_HEADER_BYTES ||
      totalHeaderBytes(c) > MAX_TOTAL_HEADER_BYTES
    ) {
      return problemResponse('invalid_request', { status: 431 });
    }
    return next();
  };
}

/**
 * Names and values plus ": " and CRLF. Under @hono/node-server the raw list from the socket is
 * summed: iterating the request's Headers would build a Headers object on every request (single
 * lookups do not), a cost the rest of the request never pays.
 */
function totalHeaderBytes(c: AppContext): number {
  let total = 0;
  const raw = c.env?.incoming?.rawHeaders;
  if (raw) {
    for (const part of raw) total += part.length + 2;
    return total;
  }
  for (const [name, value] of c.req.raw.headers) total += name.length + value.length + 4;
  return total;
}

/** 400 when an auth route is called with a credential in the query string. */
export function refuseTokensInUrl(): MiddlewareHandler {
  return async (c, next) => {
    // Most requests have no query string: skip parsing the URL for them.
    if (!c.req.url.includes('?')) return next();
    const params = new URL(c.req.url).searchParams;
    for (const key of params.keys()) {
      if (TOKEN_PARAMS.includes(key.toLowerCase())) {
        return problemResponse('invalid_request', {
          detail: 'Tokens are never accepted in the URL',
        });
      }
    }
    return next();
  };
}

/** Server-Time on every auth response so clients can keep a clock offset. */
export function serverTimeHeader(clock: Clock): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.path.startsWith(AUTH_BASE_PATH))
      planHeaders(c, [[H.serverTime, iso(clock.now()), 'set']]);
    return next();
  };
}
