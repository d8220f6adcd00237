import type {
  ChangePasswordResponse,
  MeResponse,
  PublicSession,
  PublicUser,
  RevokeAllResponse,
  SessionDataPatch,
  SessionDataResponse,
  SessionInfoResponse,
  SessionListResponse,
} from '@tessera/protocol';
import { Routes } from '@tessera/protocol';
import { authedFetch, authedJson } from './authed-fetch.ts';
import { errorFromResponse } from './errors.ts';
import { authUrl, jsonInit } from './http.ts';
import type { ClientContext } from './internal/context.ts';
import { applyDeadlines, endSession, setState } from './session-state.ts';

/** Applies a session-info or extend answer: deadlines, token expiry, the idle limit. */
export function applyInfo(ctx: ClientContext, info: SessionInfoResponse, force: boolean): void {
  if (ctx.state.status !== 'signed-in' || ctx.state.session?.id !== info.sessionId) return;
  ctx.accessExpiresAt = ctx.clock.toClient(info.accessExpiresAt) ?? ctx.accessExpiresAt;
  if (ctx.state.idleTimeoutSeconds !== info.idleTimeoutSeconds) {
    setState(ctx, { idleTimeoutSeconds: info.idleTimeoutSeconds });
  }
  applyDeadlines(
    ctx,
    ctx.clock.toClient(info.idleExpiresAt),
    ctx.clock.toClient(info.absoluteExpiresAt),
    { broadcast: true, force },
  );
}

/** GET /session-info (passive: it never slides the session). */
export async function sessionInfo(ctx: ClientContext): Promise<SessionInfoResponse> {
  const info = await authedJson<SessionInfoResponse>(ctx, Routes.sessionInfo, {}, true);
  applyInfo(ctx, info, false);
  return info;
}

/** POST /extend: counts as activity and returns the new deadlines. */
export async function extend(ctx: ClientContext): Promise<void> {
  const info = await authedJson<SessionInfoResponse>(ctx, Routes.extend, jsonInit('POST', {}));
  ctx.keepAlive.markExtended(ctx.now());
  applyInfo(ctx, info, true);
}

export async function me(ctx: ClientContext): Promise<PublicUser> {
  const { user } = await authedJson<MeResponse>(ctx, Routes.me, {});
  if (ctx.state.status === 'signed-in' && ctx.state.user?.id === user.id) setState(ctx, { user });
  return user;
}

export async function listSessions(ctx: ClientContext): Promise<PublicSession[]> {
  return (await authedJson<SessionListResponse>(ctx, Routes.sessions, {})).sessions;
}

export async function revokeSession(ctx: ClientContext, id: string): Promise<void> {
  const route = Routes.session.replace(':id', encodeURIComponent(id));
  const res = await authedFetch(ctx, authUrl(ctx.baseUrl, route), jsonInit('DELETE'), false);
  if (!res.ok) throw await errorFromResponse(res, ctx.now());
  if (ctx.state.session?.id === id) endSession(ctx, 'revoked', 'revoked_by_user', true);
}

export async function revokeOtherSessions(ctx: ClientContext): Promise<number> {
  const init = jsonInit('POST', {});
  return (await authedJson<RevokeAllResponse>(ctx, Routes.revokeAll, init)).revoked;
}

export async function changePassword(
  ctx: ClientContext,
  input: { currentPassword: string; newPassword: string },
): Promise<number> {
  const body = { currentPassword: input.currentPassword, newPassword: input.newPassword };
  const init = jsonInit('POST', body);
  return (await authedJson<ChangePasswordResponse>(ctx, Routes.password, init)).revoked;
}

/** GET /session/data: this session's data and its version (for the next update). */
export async function getSessionData(ctx: ClientContext): Promise<SessionDataResponse> {
  return authedJson<SessionDataResponse>(ctx, Routes.sessionData, {});
}

/**
 * PATCH /session/data at the version last read: `null` deletes a key. A stale version rejects
 * with kind `version_conflict` (read again, reapply), too much data with `quota_exceeded`.
 */
export async function updateSessionData(
  ctx: ClientContext,
  patch: SessionDataPatch,
): Promise<SessionDataResponse> {
  const init = jsonInit('PATCH', { version: patch.version, set: patch.set });
  return authedJson<SessionDataResponse>(ctx, Routes.sessionData, init);
}
