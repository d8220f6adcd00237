import type { SignOutReason, TokenResponse } from '@tessera/protocol';
import type { ClientContext } from './internal/context.ts';
import { REFRESH_TOKEN_KEY } from './storage.ts';
import type { SessionState } from './types.ts';

/** Deadline moves smaller than this are clock jitter, not an extension. */
const EXTENSION_EPSILON_MS = 1_000;

export function setState(ctx: ClientContext, patch: Partial<SessionState>): void {
  const prevUser = ctx.state.user?.id ?? null;
  ctx.state = { ...ctx.state, ...patch };
  const user = ctx.state.user?.id ?? null;
  ctx.events.emit('change', ctx.state);
  if (user !== prevUser) ctx.events.emit('user-changed', { userId: user });
}

export function reschedule(ctx: ClientContext): void {
  if (ctx.state.status !== 'signed-in') {
    ctx.scheduler.clear();
    return;
  }
  ctx.scheduler.schedule({
    idleExpiresAt: ctx.state.idleExpiresAt,
    absoluteExpiresAt: ctx.state.absoluteExpiresAt,
    warningAt: ctx.state.warningAt,
    accessExpiresAt: ctx.accessExpiresAt,
    accessReceivedAt: ctx.accessReceivedAt,
  });
}

const warningAt = (ctx: ClientContext, idle: number | null) =>
  idle === null ? null : idle - ctx.warningLeadMs;

export interface DeadlineUpdate {
  /** Tell the other tabs (the update was learnt here). */
  broadcast: boolean;
  /** Emit `extended` even when the deadline barely moved (explicit extend). */
  force?: boolean;
}

/** Applies new server deadlines (client clock); emits `extended` when the idle deadline moved later. */
export function applyDeadlines(
  ctx: ClientContext,
  idle: number | null,
  absolute: number | null,
  how: DeadlineUpdate,
): void {
  if (ctx.state.status !== 'signed-in') return;
  const prev = ctx.state.idleExpiresAt;
  const idleExpiresAt = idle ?? prev;
  const absoluteExpiresAt = absolute ?? ctx.state.absoluteExpiresAt;
  if (idleExpiresAt !== prev || absoluteExpiresAt !== ctx.state.absoluteExpiresAt) {
    setState(ctx, { idleExpiresAt, absoluteExpiresAt, warningAt: warningAt(ctx, idleExpiresAt) });
  }
  const later =
    idleExpiresAt !== null && (prev === null || idleExpiresAt - prev > EXTENSION_EPSILON_MS);
  if (idleExpiresAt !== null && (later || how.force)) {
    ctx.events.emit('extended', { idleExpiresAt });
    if (how.broadcast) {
      ctx.tabs.post({ t: 'extended', idleExpiresAt, absoluteExpiresAt, at: ctx.now() });
    }
  }
  reschedule(ctx);
}

export interface TokenUpdate {
  accessToken: string;
  accessExpiresAt: number | null;
  /** Null for a guest session (`session.kind` is `anonymous`). */
  user: SessionState['user'];
  session: NonNullable<SessionState['session']>;
  idleExpiresAt: number | null;
  absoluteExpiresAt: number | null;
  idleTimeoutSeconds: number | null;
}

/** Sets a new access token and signs the tab in (login, refresh, or another tab's broadcast). */
export function applyTokens(ctx: ClientContext, t: TokenUpdate, broadcast: boolean): void {
  const wasSignedIn = ctx.state.status === 'signed-in';
  const prevIdle = ctx.state.idleExpiresAt;
  const sameSession = ctx.state.session?.id === t.session.id;
  const userId = t.user?.id ?? null;
  const sameUser = (ctx.state.user?.id ?? null) === userId;
  ctx.accessToken = t.accessToken;
  ctx.accessExpiresAt = t.accessExpiresAt;
  ctx.accessReceivedAt = ctx.now();
  ctx.tokenSeq++;
  ctx.lastUserId = userId;
  const idleTimeoutSeconds =
    t.idleTimeoutSeconds ?? (sameSession ? ctx.state.idleTimeoutSeconds : null);
  setState(ctx, {
    status: 'signed-in',
    user: t.user,
    session: t.session,
    idleExpiresAt: t.idleExpiresAt,
    absoluteExpiresAt: t.absoluteExpiresAt,
    idleTimeoutSeconds,
    warningAt: warningAt(ctx, t.idleExpiresAt),
    reason: null,
  });
  // Drafts belong to a user; a guest session has none to restore.
  if (userId !== null && (!wasSignedIn || !sameUser)) ctx.drafts.signedIn(userId);
  if (broadcast) ctx.tabs.post({ t: 'token', ...t, idleTimeoutSeconds });
  const later =
    wasSignedIn &&
    prevIdle !== null &&
    t.idleExpiresAt !== null &&
    t.idleExpiresAt - prevIdle > EXTENSION_EPSILON_MS;
  if (later && t.idleExpiresAt !== null)
    ctx.events.emit('extended', { idleExpiresAt: t.idleExpiresAt });
  reschedule(ctx);
}

/** Converts a login/refresh answer (server clock) and applies it. */
export function applyTokenResponse(ctx: ClientContext, body: TokenResponse): void {
  ctx.clock.observe(body.serverTime);
  applyTokens(
    ctx,
    {
      accessToken: body.accessToken,
      accessExpiresAt: ctx.clock.toClient(body.accessTokenExpiresAt),
      user: body.user,
      session: body.session,
      idleExpiresAt: ctx.clock.toClient(body.session.idleExpiresAt),
      absoluteExpiresAt: ctx.clock.toClient(body.session.absoluteExpiresAt),
      idleTimeoutSeconds: null,
    },
    true,
  );
}

export type EndKind = 'logout' | 'revoked' | 'expired' | 'none';

/**
 * Ends the session in this tab. Forced endings (expired/revoked) snapshot drafts; an explicit
 * logout wipes them. Bumps the generation so an in-flight refresh result is discarded.
 */
export function endSession(
  ctx: ClientContext,
  kind: EndKind,
  reason: SignOutReason | null,
  broadcast: boolean,
): void {
  const { user, session, status } = ctx.state;
  const wasSignedIn = status === 'signed-in';
  ctx.generation++;
  ctx.accessToken = null;
  ctx.accessExpiresAt = null;
  if (session) ctx.endedSessions.add(session.id);
  if (wasSignedIn && user) {
    if (kind === 'logout') ctx.drafts.wipe(user.id);
    else ctx.drafts.snapshot(user.id);
  }
  if (ctx.transport === 'bearer') {
    ctx.refreshToken = null;
    ctx.storage.remove(REFRESH_TOKEN_KEY).catch(() => {});
  }
  ctx.scheduler.clear();
  ctx.keepAlive.stop();
  setState(ctx, {
    status: kind === 'expired' ? 'expired' : 'signed-out',
    user: null,
    session: null,
    idleExpiresAt: null,
    absoluteExpiresAt: null,
    idleTimeoutSeconds: null,
    warningAt: null,
    reason,
  });
  if (!wasSignedIn || kind === 'none') return;
  if (kind === 'logout') ctx.events.emit('logout', { reason: 'logout' });
  else if (kind === 'expired') {
    ctx.events.emit('expired', {
      reason: reason === 'idle_timeout' ? 'idle_timeout' : 'session_expired',
    });
  } else ctx.events.emit('revoked', { reason: reason ?? 'admin' });
  if (broadcast)
    ctx.tabs.post({ t: 'signed-out', event: kind, reason, sessionId: session?.id ?? null });
}

/** Codes of a 401 that mean the session is over (not just the access token). */
export function isSessionEnding(code: string | null): boolean {
  return (
    code === 'session_revoked' ||
    code === 'session_expired' ||
    code === 'session_idle_timeout' ||
    code === 'refresh_token_reused'
  );
}

/** Signs out after a 401 that ended the session, with the server's reason. */
export function endFromProblem(
  ctx: ClientContext,
  code: string | null,
  reason: SignOutReason | null,
): void {
  const wasSignedIn = ctx.state.status === 'signed-in';
  if (code === 'session_idle_timeout') endSession(ctx, 'expired', 'idle_timeout', true);
  else if (code === 'session_expired') endSession(ctx, 'expired', 'session_expired', true);
  else if (code === 'refresh_token_reused')
    endSession(ctx, 'revoked', 'refresh_token_reused', true);
  else if (code === 'session_revoked') endSession(ctx, 'revoked', reason ?? 'admin', true);
  // Refresh refused without a reason (no cookie, invalid token): the session is unusable.
  else if (wasSignedIn) endSession(ctx, 'expired', 'session_expired', true);
  // Still starting up: there was no session. A tab that already ended keeps its reason (a late
  // background request must not turn "expired: idle_timeout" into a reasonless sign-out).
  else if (ctx.state.status === 'loading') endSession(ctx, 'none', null, false);
}
