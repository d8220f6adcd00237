import type { Transport } from '@tessera/protocol';
import type { AppContext, AppDeps } from './app-deps.ts';
import { passesCsrf } from './csrf.ts';
import { HttpProblem } from './http-problem.ts';
import { readRefreshCookie } from './refresh-cookie.ts';

export interface RefreshSource {
  token: string;
  transport: Transport;
}

/**
 * Where a refresh token comes from: the body (bearer transport) or the cookie. Using the cookie
 * is a cookie-authenticated state change, so it passes the CSRF check first; a failure throws
 * 403 before anything else happens. Returns null when neither carries a token.
 */
export function refreshSource(
  c: AppContext,
  deps: AppDeps,
  bodyToken: string | undefined,
): RefreshSource | null {
  if (bodyToken !== undefined) return { token: bodyToken, transport: 'bearer' };
  const hasCookie = readRefreshCookie(c.req.raw.headers, deps.config.cookieSecure);
  if (hasCookie === null) return null;
  if (!passesCsrf(c.req.raw, deps.config.trustedOrigins)) throw new HttpProblem('csrf_failed');
  return { token: hasCookie, transport: 'cookie' };
}
