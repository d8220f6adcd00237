import type { UserRecord } from '@tessera/core';
import { AUTH_BASE_PATH, Routes } from '@tessera/protocol';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../internal/app-deps.ts';
import { isPassive, refusalProblem } from '../internal/authenticate.ts';
import { HttpProblem } from '../internal/http-problem.ts';
import { readJsonBody } from '../internal/read-json-body.ts';
import { clearRefreshCookie } from '../internal/refresh-cookie.ts';
import { refreshSource } from '../internal/refresh-source.ts';
import { RefreshRequestSchema } from '../internal/schemas.ts';
import { tokenResponse } from '../internal/token-response.ts';

/**
 * POST /refresh: rotate the refresh token (cookie, or `{ refreshToken }` in bearer mode).
 * Refusals are 401 with the engine's code; in cookie mode they also clear the cookie.
 */
export function registerRefresh(app: Hono<AppEnv>, deps: AppDeps): void {
  app.post(AUTH_BASE_PATH + Routes.refresh, async (c) => {
    const body = await readJsonBody(c.req.raw, RefreshRequestSchema);
    const source = refreshSource(c, deps, body.refreshToken);
    if (source === null)
      throw new HttpProblem('invalid_token', { detail: 'No refresh token was presented' });
    const clear =
      source.transport === 'cookie'
        ? { 'set-cookie': clearRefreshCookie(deps.config.cookieSecure) }
        : undefined;

    // The user record is read while the rotation commits, not after it.
    let user: Promise<UserRecord | null> | undefined;
    const result = await deps.engine.refresh(source.token, {
      passive: isPassive(c),
      onSessionLoaded: (session) => {
        if (session.kind === 'anonymous') return; // a guest has no user record
        user = deps.users.findById(session.userId);
        user.catch(() => undefined); // awaited below when the refresh succeeds
      },
    });
    if (!result.ok) throw refusalProblem(result, clear);
    if (result.session.kind === 'anonymous') {
      return tokenResponse(c, deps, result, null, source.transport);
    }
    const owner = await (user ?? deps.users.findById(result.session.userId));
    if (owner === null || owner.disabled) {
      await deps.engine.revokeSession(result.session.id, 'admin');
      throw new HttpProblem('session_revoked', {
        reason: 'admin',
        ...(clear ? { headers: clear } : {}),
      });
    }
    return tokenResponse(c, deps, result, owner, source.transport);
  });
}
