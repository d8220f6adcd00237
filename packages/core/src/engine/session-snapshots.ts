import { constantTimeEqual } from '../internal/constant-time.ts';
import type { SessionRecord } from '../store/session-record.ts';
import type { EngineContext } from './context.ts';
import { effectiveIdleExpiresAt, sessionLiveness } from './session-liveness.ts';

/**
 * Sessions as this process last wrote them (sign-in, rotation), kept so that a refresh of the
 * current token can rotate without reading the store first. That is safe because a rotation is a
 * compare-and-set on `version`, which every rotation and revocation, in any process, bumps: a
 * stale snapshot costs one failed write and a fresh read, never a wrong answer. A snapshot is
 * only ever used to rotate; refusing a token, or ending a session for reuse, is always decided
 * on a fresh read (activity written by another process, for one, does not bump the version).
 */

/** Remembers a session as just written. Its data is left out: a refresh never reads it. */
export function rememberSession(ctx: EngineContext, session: SessionRecord): void {
  ctx.snapshots.set(session.id, session.data === null ? session : { ...session, data: null });
}

export function forgetSession(ctx: EngineContext, sessionId: string): void {
  ctx.snapshots.delete(sessionId);
}

/**
 * The snapshot of a session if `hash` is its current refresh token and, as far as the snapshot
 * knows, the session is live at `now`; otherwise undefined (the caller reads the store).
 */
export function snapshotToRotate(
  ctx: EngineContext,
  sessionId: string,
  hash: string,
  now: number,
): SessionRecord | undefined {
  const snapshot = ctx.snapshots.get(sessionId);
  if (snapshot === undefined || !constantTimeEqual(hash, snapshot.refreshTokenHash)) {
    return undefined;
  }
  const idle = effectiveIdleExpiresAt(snapshot, ctx.activity.pendingLastActiveAt(sessionId));
  if (sessionLiveness(snapshot, now, idle, { checkRefreshExpiry: true })) return undefined;
  return snapshot;
}
