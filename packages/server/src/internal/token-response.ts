import type { IssuedTokens, UserRecord } from '@tessera/core';
import type { TokenResponse, Transport } from '@tessera/protocol';
import { type AppContext, type AppDeps, iso } from './app-deps.ts';
import { setDeadlineHeaders } from './authenticate.ts';
import { refreshCookie } from './refresh-cookie.ts';
import { publicSession, publicUser } from './serialize.ts';

/**
 * Answer of login and refresh. Cookie transport: the refresh token only in the HttpOnly
 * cookie (persistent only with remember-me). Bearer transport: both tokens in the body.
 */
export function tokenResponse(
  c: AppContext,
  deps: AppDeps,
  issued: IssuedTokens,
  user: UserRecord,
  transport: Transport,
): Response {
  const now = deps.clock.now();
  const { session } = issued;
  const body: TokenResponse = {
    user: publicUser(user),
    session: publicSession(session, session.id),
    accessToken: issued.accessToken,
    accessTokenExpiresAt: iso(issued.accessTokenExpiresAt),
    serverTime: iso(now),
  };
  if (transport === 'bearer') {
    body.refreshToken = issued.refreshToken;
  } else {
    const persistUntil = session.rememberMe ? session.refreshExpiresAt : null;
    c.header(
      'set-cookie',
      refreshCookie(issued.refreshToken, { secure: deps.config.cookieSecure, persistUntil, now }),
    );
  }
  setDeadlineHeaders(c, session, now);
  return c.json(body, 200);
}
