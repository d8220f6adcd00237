import type { ChangePasswordResponse } from '@tessera/protocol';
import { AUTH_BASE_PATH, Routes } from '@tessera/protocol';
import type { Hono } from 'hono';
import { type AppDeps, type AppEnv, requestIp } from '../internal/app-deps.ts';
import { authenticate } from '../internal/authenticate.ts';
import { HttpProblem } from '../internal/http-problem.ts';
import { iso } from '../internal/iso-time.ts';
import { countAttempt, releaseAttempt, throttleKeys } from '../internal/login-throttle.ts';
import { jsonReply } from '../internal/planned-headers.ts';
import { readJsonBody } from '../internal/read-json-body.ts';
import { ChangePasswordRequestSchema } from '../internal/schemas.ts';
import { loadUserSession } from '../internal/user-only.ts';
import { hashPassword, verifyPassword } from '../password/hash-password.ts';

/**
 * POST /password: verify the current password (wrong ⇒ 401 invalid_credentials, throttled like
 * login), apply the policy, store the new hash, end every other session (`password_changed`).
 */
export function registerPassword(app: Hono<AppEnv>, deps: AppDeps): void {
  app.post(AUTH_BASE_PATH + Routes.password, async (c) => {
    const body = await readJsonBody(c.req.raw, ChangePasswordRequestSchema);
    const auth = await authenticate(c, deps);
    const session = await loadUserSession(deps, auth.claims.sid);
    if (body.newPassword === body.currentPassword) {
      throw new HttpProblem('invalid_request', {
        issues: [
          { path: 'newPassword', message: 'The new password must differ from the current one' },
        ],
      });
    }
    const keys = throttleKeys('password', session.userId, requestIp(c, deps));
    await countAttempt(deps, keys);
    const user = await deps.users.findById(session.userId);
    if (
      !(await verifyPassword(user?.passwordHash ?? null, body.currentPassword)) ||
      user === null
    ) {
      deps.logger.info(
        { audit: true, event: 'password_change_failed', userId: session.userId },
        'password change failed',
      );
      throw new HttpProblem('invalid_credentials');
    }
    await releaseAttempt(deps, keys);
    await deps.users.setPassword(user.id, await hashPassword(body.newPassword), deps.clock.now());
    const revoked = await deps.engine.passwordChanged(user.id, session.id);
    const response: ChangePasswordResponse = { revoked, serverTime: iso(deps.clock.now()) };
    return jsonReply(c, response);
  });
}
