import { SessionLimitError, type UserRecord } from '@tessera/core';
import { AUTH_BASE_PATH, Routes } from '@tessera/protocol';
import type { Hono } from 'hono';
import { type AppContext, type AppDeps, type AppEnv, requestIp } from '../internal/app-deps.ts';
import { passesCsrf } from '../internal/csrf.ts';
import { parseDevice } from '../internal/device.ts';
import { HttpProblem } from '../internal/http-problem.ts';
import { countAttempt, releaseAttempt, throttleKeys } from '../internal/login-throttle.ts';
import { readJsonBody } from '../internal/read-json-body.ts';
import { readRefreshCookie } from '../internal/refresh-cookie.ts';
import { resolveLocation } from '../internal/resolve-location.ts';
import { LoginRequestSchema } from '../internal/schemas.ts';
import { tokenResponse } from '../internal/token-response.ts';
import { verifyPassword } from '../password/hash-password.ts';

/**
 * POST /login. Wrong password, unknown user and disabled user get the same 401 after the same
 * argon2 work (a dummy hash is verified for unknown users). Every attempt is counted per
 * account and per address before verifying and given back on success, so only failures stay
 * counted; an unknown account is counted like a known one. A guest session the client presents
 * (cookie or `anonymousRefreshToken`) has its data merged into the new session and is ended.
 */
export function registerLogin(app: Hono<AppEnv>, deps: AppDeps): void {
  app.post(AUTH_BASE_PATH + Routes.login, async (c) => {
    const body = await readJsonBody(c.req.raw, LoginRequestSchema);
    const ip = requestIp(c, deps);
    const email = body.email.toLowerCase();
    const keys = throttleKeys('login', email, ip);
    // Counted before verifying, so parallel guesses cannot overshoot the limits.
    await countAttempt(deps, keys);

    const user = await deps.users.findByEmail(email);
    const passwordOk = await verifyPassword(user?.passwordHash ?? null, body.password);
    if (user === null || user.disabled || !passwordOk) {
      deps.metrics.loginFailures.inc();
      deps.logger.info(
        { audit: true, event: 'login_failed', userId: user?.id ?? null, ip },
        'login failed',
      );
      throw new HttpProblem('invalid_credentials');
    }
    // A success gives its attempt back (the address budget is for failures only) and clears
    // the account's failures, as before.
    await releaseAttempt(deps, keys);
    await deps.rateLimits.reset(keys.account);
    const issued = await signIn(c.req.raw.headers, deps, {
      user,
      rememberMe: body.rememberMe ?? false,
      ip,
      guestToken: guestRefreshToken(c, deps, body.anonymousRefreshToken),
    });
    return tokenResponse(c, deps, issued, user, body.transport ?? 'cookie');
  });
}

/**
 * The guest session the client presents, to merge at sign-in: `anonymousRefreshToken` in the
 * body (bearer), else the refresh cookie. The cookie counts only with a passing CSRF check; a
 * failing one does not fail the login, the guest session is just left alone. Core verifies
 * the token (possession) and ignores one that does not name a live guest session.
 */
function guestRefreshToken(
  c: AppContext,
  deps: AppDeps,
  bodyToken: string | undefined,
): string | undefined {
  if (bodyToken !== undefined) return bodyToken;
  const cookie = readRefreshCookie(c.req.raw.headers, deps.config.cookieSecure);
  if (cookie === null || !passesCsrf(c.req.raw, deps.config.trustedOrigins)) return undefined;
  return cookie;
}

async function signIn(
  headers: Headers,
  deps: AppDeps,
  input: {
    user: UserRecord;
    rememberMe: boolean;
    ip: string | null;
    guestToken?: string | undefined;
  },
) {
  const { user, ip } = input;
  const location = await resolveLocation(deps, ip, headers);
  try {
    return await deps.engine.signIn({
      user: { id: user.id, roles: user.roles },
      rememberMe: input.rememberMe,
      device: parseDevice(headers),
      ip,
      location,
      ...(input.guestToken === undefined ? {} : { previousRefreshToken: input.guestToken }),
    });
  } catch (error) {
    if (error instanceof SessionLimitError) throw new HttpProblem('session_limit_reached');
    throw error;
  }
}
