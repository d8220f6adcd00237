import { AUTH_BASE_PATH, Routes } from '@tessera/protocol';
import type { Hono } from 'hono';
import { extractBearerToken } from '../http/extract-bearer-token.ts';
import type { AppContext, AppDeps, AppEnv } from '../internal/app-deps.ts';
import { emptyReply } from '../internal/planned-headers.ts';
import { readJsonBody } from '../internal/read-json-body.ts';
import { clearRefreshCookie } from '../internal/refresh-cookie.ts';
import { refreshSource } from '../internal/refresh-source.ts';
import { LogoutRequestSchema } from '../internal/schemas.ts';

/**
 * POST /logout: end this session with reason `logout` and clear the cookie. The session is
 * found from the bearer access token, else from the refresh token (body or cookie; the cookie
 * path passes CSRF first). Idempotent: 204 even when nothing was live.
 */
export function registerLogout(app: Hono<AppEnv>, deps: AppDeps): void {
  app.post(AUTH_BASE_PATH + Routes.logout, async (c) => {
    const body = await readJsonBody(c.req.raw, LogoutRequestSchema);
    const sessionId = await sessionFromAccess(c, deps);
    if (sessionId !== null) await deps.engine.revokeSession(sessionId, 'logout');
    else await revokeByRefresh(c, deps, body.refreshToken);
    return emptyReply(c, 204, { 'set-cookie': clearRefreshCookie(deps.config.cookieSecure) });
  });
}

async function sessionFromAccess(c: AppContext, deps: AppDeps): Promise<string | null> {
  const token = extractBearerToken(c.req.raw.headers);
  if (token === null) return null;
  const result = await deps.engine.verifyAccessToken(token);
  return result.ok ? result.claims.sid : null;
}

// Without an access token the refresh token (cookie after CSRF, or body) names the session;
// it is judged like a refresh (a stale token counts as reuse) but never rotated.
async function revokeByRefresh(
  c: AppContext,
  deps: AppDeps,
  bodyToken: string | undefined,
): Promise<void> {
  const source = refreshSource(c, deps, bodyToken);
  if (source !== null) await deps.engine.revokeByRefreshToken(source.token, 'logout');
}
