import type { IssuedTokens, UserRecord } from '@tessera/core';
import type { TokenResponse, Transport } from '@tessera/protocol';
import type { AppContext, AppDeps } from './app-deps.ts';
import { deadlineHeaders } from './authenticate.ts';
import { iso } from './iso-time.ts';
import { jsonReply } from './planned-headers.ts';
import { refreshCookie } from './refresh-cookie.ts';
import { publicSession, publicUser } from './serialize.ts';

/**
 * Answer of login, refresh and anonymous (guest). Cookie transport: the refresh token only in
 * the HttpOnly * cookie (persistent only with remember-me). Bearer transport: both tokens in the body.
 */
export function tokenResponse(
  c: AppContext,
  deps: AppDeps,
  issued: IssuedTokens,
  /** Null for a guest session (kind `anonymous`). */
  user: UserRecord | null,
  transport: Transport,
): Response {
  const now = deps.clock.now();
  const { session } = issued;
  const body: TokenResponse = {
    user: user === null ? null : publicUser(user),
    session: publicSession(session, session.id),
    accessToken: issued.accessToken,
    accessTokenExpiresAt: iso(issued.accessTokenExpiresAt),
    serverTime: iso(now),
  };
  const headers = deadlineHeaders(session, now);
  if (transport === 'bearer') {
    body.refreshToken = issued.refreshToken;
  } else {
    const persistUntil = session.rememberMe ? session.refreshExpiresAt : null;
    const secure = deps.config.cookieSecure;
    headers['set-cookie'] = refreshCookie(issued.refreshToken, { secure, persistUntil, now });
  }
  return jsonReply(c, body, 200, headers);
}
