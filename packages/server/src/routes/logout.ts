import { AUTH_BASE_PATH, Routes } from '@tessera/protocol';
import type { Hono } from 'hono';
import { extractBearerToken } from '../http/extract-bearer-token.ts';
import type { AppContext, AppDeps, AppEnv } from '../internal/app-deps.ts';
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
    const sessionId =
      (await sessionFromAccess(c, deps)) ?? (await sessionFromRefresh(c, deps, body.refreshToken));
    if (sessionId !== null) await deps.engine.revokeSession(sessionId, 'logout');
    c.header('set-cookie', clearRefreshCookie(deps.config.cookieSecure));
    return c.body(null, 204);
  });
}

async function sessionFromAccess(c: AppContext, deps: AppDeps): Promise<string | null> {
  const token = extractBearerToken(c.req.raw.headers);
  if (token === null) return null;
  const result = await deps.engine.verifyAccessToken(token);
  return result.ok ? result.claims.sid : null;
}

// The engine finds sessions by refresh token only through refresh(); a passive refresh is
// used to learn the session id, which is then revoked. A replayed token instead ends the
// session with reason refresh_token_reused, which is also an end state.
async function sessionFromRefresh(
  c: AppContext,
  deps: AppDeps,
  bodyToken: string | undefined,
): Promise<string | null> {
  const source = refreshSource(c, deps, bodyToken);
  if (source === null) return null;
  const result = await deps.engine.refresh(source.token, { passive: true });
  return result.ok ? result.session.id : null;
}
