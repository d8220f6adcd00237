import { isAnonymousUserId } from '@tessera/core';
import type { MeResponse } from '@tessera/protocol';
import { AUTH_BASE_PATH, Routes } from '@tessera/protocol';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../internal/app-deps.ts';
import {
  authenticate,
  deadlineHeaders,
  loadSession,
  refusalProblem,
} from '../internal/authenticate.ts';
import { HttpProblem } from '../internal/http-problem.ts';
import { iso } from '../internal/iso-time.ts';
import { jsonReply } from '../internal/planned-headers.ts';
import { readJsonBody } from '../internal/read-json-body.ts';
import { EmptyRequestSchema } from '../internal/schemas.ts';
import { publicUser, sessionInfo } from '../internal/serialize.ts';
import { guestForbidden } from '../internal/user-only.ts';

/** GET /me, GET /session-info (never slides), POST /extend (counts as activity). */
export function registerSessionRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  app.get(AUTH_BASE_PATH + Routes.me, async (c) => {
    const auth = await authenticate(c, deps);
    // A guest has no user record: 403, and its session stays (it is not a deleted account).
    if (isAnonymousUserId(auth.claims.sub)) throw guestForbidden();
    const user = await deps.users.findById(auth.claims.sub);
    if (user === null || user.disabled) {
      await deps.engine.revokeSession(auth.claims.sid, 'admin');
      throw new HttpProblem('session_revoked', { reason: 'admin' });
    }
    const body: MeResponse = { user: publicUser(user), serverTime: iso(deps.clock.now()) };
    return jsonReply(c, body);
  });

  app.get(AUTH_BASE_PATH + Routes.sessionInfo, async (c) => {
    const auth = await authenticate(c, deps, false);
    const session = await loadSession(deps, auth.claims.sid);
    const now = deps.clock.now();
    const body = sessionInfo(session, auth.expiresAt, now);
    return jsonReply(c, body, 200, deadlineHeaders(session, now));
  });

  app.post(AUTH_BASE_PATH + Routes.extend, async (c) => {
    await readJsonBody(c.req.raw, EmptyRequestSchema);
    // extend() itself writes the activity at once, so authenticate() does not record it again.
    const auth = await authenticate(c, deps, false);
    const check = await deps.engine.extend(auth.claims.sid);
    if (!check.ok) throw refusalProblem(check);
    const now = deps.clock.now();
    const body = sessionInfo(check.session, auth.expiresAt, now);
    return jsonReply(c, body, 200, deadlineHeaders(check.session, now));
  });
}
