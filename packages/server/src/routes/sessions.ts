import type { RevokeAllResponse, SessionListResponse } from '@tessera/protocol';
import { AUTH_BASE_PATH, Routes } from '@tessera/protocol';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../internal/app-deps.ts';
import { authenticate, deadlineHeaders } from '../internal/authenticate.ts';
import { HttpProblem } from '../internal/http-problem.ts';
import { iso } from '../internal/iso-time.ts';
import { emptyReply, jsonReply } from '../internal/planned-headers.ts';
import { readJsonBody } from '../internal/read-json-body.ts';
import { EmptyRequestSchema } from '../internal/schemas.ts';
import { publicSession } from '../internal/serialize.ts';
import { loadUserSession } from '../internal/user-only.ts';

/**
 * GET /sessions, DELETE /sessions/:id, POST /sessions/revoke-all — the caller's own sessions
 * only; a guest session has no account and gets 403 `forbidden`.
 */
export function registerSessions(app: Hono<AppEnv>, deps: AppDeps): void {
  app.get(AUTH_BASE_PATH + Routes.sessions, async (c) => {
    const auth = await authenticate(c, deps);
    const current = await loadUserSession(deps, auth.claims.sid);
    const sessions = await deps.engine.listSessions(current.userId);
    const now = deps.clock.now();
    const body: SessionListResponse = {
      sessions: sessions.map((s) => publicSession(s, current.id)),
      serverTime: iso(now),
    };
    return jsonReply(c, body, 200, deadlineHeaders(current, now));
  });

  app.delete(AUTH_BASE_PATH + Routes.session, async (c) => {
    const auth = await authenticate(c, deps);
    const current = await loadUserSession(deps, auth.claims.sid);
    const targetId = c.req.param('id') ?? '';
    // Only sessions listed for this user can be revoked; any other id is "not found" so that
    // other users' session ids are never confirmed.
    const own = await deps.engine.listSessions(current.userId);
    if (!own.some((s) => s.id === targetId)) throw new HttpProblem('not_found');
    await deps.engine.revokeSession(targetId, 'revoked_by_user');
    return emptyReply(c, 204);
  });

  app.post(AUTH_BASE_PATH + Routes.revokeAll, async (c) => {
    await readJsonBody(c.req.raw, EmptyRequestSchema);
    const auth = await authenticate(c, deps);
    const current = await loadUserSession(deps, auth.claims.sid);
    const revoked = await deps.engine.revokeUserSessions(current.userId, 'revoked_by_user', {
      exceptSessionId: current.id,
    });
    const body: RevokeAllResponse = { revoked, serverTime: iso(deps.clock.now()) };
    return jsonReply(c, body);
  });
}
