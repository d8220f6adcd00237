import type { SessionRecord, UserRecord } from '@tessera/core';
import { AUTH_BASE_PATH, Routes } from '@tessera/protocol';
import type { Hono } from 'hono';
import { type AppContext, type AppDeps, type AppEnv, requestIp } from '../internal/app-deps.ts';
import { authenticate, refusalProblem } from '../internal/authenticate.ts';
import { HttpProblem } from '../internal/http-problem.ts';
import { countAttempt, releaseAttempt, throttleKeys } from '../internal/login-throttle.ts';
import { readJsonBody } from '../internal/read-json-body.ts';
import { refreshSource } from '../internal/refresh-source.ts';
import { ReauthRequestSchema } from '../internal/schemas.ts';
import { tokenResponse } from '../internal/token-response.ts';
import { loadUserSession } from '../internal/user-only.ts';
import { verifyPassword } from '../password/hash-password.ts';

/**
 * POST /reauth (step-up): the access token names the session, the password proves the user
 * again. Success rotates the session's refresh token (cookie, or `refreshToken` in the body for
 * bearer: the request's own transport) and answers like /refresh with an access token whose
 * auth_time is now. A wrong password is 401 `invalid_credentials`, counted like /password (the
 * same per-account counter, and the per-address one of /login) and never ends the session.
 */
export function registerReauth(app: Hono<AppEnv>, deps: AppDeps): void {
  app.post(AUTH_BASE_PATH + Routes.reauth, async (c) => {
    const body = await readJsonBody(c.req.raw, ReauthRequestSchema);
    const password = requirePassword(body);
    const auth = await authenticate(c, deps);
    // The cookie is a credential this request rotates: it passes the CSRF check first.
    const source = refreshSource(c, deps, body.refreshToken);
    if (source === null) {
      throw new HttpProblem('invalid_request', {
        detail: 'Present the refresh token: the cookie, or refreshToken in bearer mode',
      });
    }
    const session = await loadUserSession(deps, auth.claims.sid);
    const user = await checkPassword(c, deps, session, password);
    const result = await deps.engine.reauthenticate({
      sessionId: session.id,
      refreshToken: source.token,
      aal: 1, // a password is one factor; the session keeps a higher level it already has
    });
    // No cookie is cleared on a refusal: the cookie may belong to another, live session.
    if (!result.ok) throw refusalProblem(result);
    return tokenResponse(c, deps, result, user, source.transport);
  });
}

/** The password to check; a second factor does not exist yet and is refused, not ignored. */
function requirePassword(body: { password?: string | undefined; totp?: string | undefined }) {
  if (body.totp !== undefined) {
    throw new HttpProblem('invalid_request', {
      detail: 'TOTP is not supported yet; re-authenticate with the password',
      issues: [{ path: 'totp', message: 'Not supported yet' }],
    });
  }
  if (body.password === undefined) {
    throw new HttpProblem('invalid_request', {
      issues: [{ path: 'password', message: 'Required' }],
    });
  }
  return body.password;
}

/**
 * Verifies the session owner's password under the login throttle (429 when over a limit).
 * A missing or disabled owner ends the session, as /refresh does.
 */
async function checkPassword(
  c: AppContext,
  deps: AppDeps,
  session: SessionRecord,
  password: string,
): Promise<UserRecord> {
  const user = await deps.users.findById(session.userId);
  if (user === null || user.disabled) {
    await deps.engine.revokeSession(session.id, 'admin');
    throw new HttpProblem('session_revoked', { reason: 'admin' });
  }
  const keys = throttleKeys('password', user.id, requestIp(c, deps));
  await countAttempt(deps, keys);
  if (!(await verifyPassword(user.passwordHash, password))) {
    deps.logger.info(
      { audit: true, event: 'reauth_failed', userId: user.id, sessionId: session.id },
      'step-up failed',
    );
    throw new HttpProblem('invalid_credentials');
  }
  await releaseAttempt(deps, keys);
  return user;
}
