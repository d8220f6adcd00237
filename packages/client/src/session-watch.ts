import { sessionInfo } from './account-api.ts';
import type { TabMessage } from './cross-tab.ts';
import { SessionClientError } from './errors.ts';
import type { ClientContext } from './internal/context.ts';
import { applyDeadlines, applyTokens, endSession, reschedule } from './session-state.ts';

/** Re-check soon when the server could not be asked (5xx) or its answer is still at the edge. */
const RECHECK_MS = 10_000;

const sessionEnd = (ctx: ClientContext) =>
  Math.min(ctx.state.idleExpiresAt ?? Infinity, ctx.state.absoluteExpiresAt ?? Infinity);

/**
 * A deadline passed (timer, or found on wake): ask the server before acting. Another tab or
 * device may have extended the session; the server is the authority on timeouts.
 */
export async function confirmDeadline(ctx: ClientContext): Promise<void> {
  if (ctx.state.status !== 'signed-in') return;
  const idleFirst =
    (ctx.state.idleExpiresAt ?? Infinity) <= (ctx.state.absoluteExpiresAt ?? Infinity);
  try {
    await sessionInfo(ctx);
  } catch (error) {
    if (ctx.state.status !== 'signed-in') return; // a 401 already signed out with its reason
    if (error instanceof SessionClientError && error.kind === 'server') {
      ctx.timers.at('deadline', ctx.now() + RECHECK_MS, () => void confirmDeadline(ctx));
      return;
    }
    // Unreachable: the deadline we were given has passed, so the server has ended it too.
    endSession(ctx, 'expired', idleFirst ? 'idle_timeout' : 'session_expired', true);
    return;
  }
  if (ctx.state.status === 'signed-in' && sessionEnd(ctx) <= ctx.now()) {
    ctx.timers.at('deadline', ctx.now() + RECHECK_MS, () => void confirmDeadline(ctx));
  }
}

/** The page or app is back: timers may have slept through deadlines. */
export function onWake(ctx: ClientContext): void {
  if (ctx.disposed || ctx.state.status !== 'signed-in') return;
  if (sessionEnd(ctx) <= ctx.now()) {
    void confirmDeadline(ctx);
    return;
  }
  reschedule(ctx);
}

/** Proactive refresh shortly before access expiry, in the visible tab only, marked passive. */
export function onProactiveRefresh(ctx: ClientContext): void {
  if (ctx.state.status !== 'signed-in' || !ctx.visible()) return;
  ctx.coordinator.refresh(true).catch(() => {});
}

/** Messages from other tabs. */
export function onTabMessage(ctx: ClientContext, m: TabMessage): void {
  if (ctx.disposed) return;
  const signedIn = ctx.state.status === 'signed-in';
  if (m.t === 'token') {
    if (ctx.endedSessions.has(m.session.id) || m.accessToken === ctx.accessToken) return;
    // Never mix identities in one page: another user signed in elsewhere, start over.
    if (ctx.lastUserId !== null && ctx.lastUserId !== (m.user?.id ?? null)) {
      ctx.reload();
      return;
    }
    const { t: _t, ...update } = m;
    applyTokens(ctx, update, false);
  } else if (m.t === 'signed-out') {
    if (signedIn && (m.sessionId === null || m.sessionId === ctx.state.session?.id)) {
      endSession(ctx, m.event, m.reason, false);
    }
  } else if (m.t === 'extended') {
    ctx.keepAlive.markExtended(m.at);
    if (signedIn) applyDeadlines(ctx, m.idleExpiresAt, m.absoluteExpiresAt, { broadcast: false });
  }
}
