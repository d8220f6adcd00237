import type { SessionRecord } from '../store/session-record.ts';
import type { Refusal } from './types.ts';

/**
 * The idle deadline once the activity still pending in this process is written, following the
 * TouchInput rules (activity after the deadline never revives a session).
 */
export function effectiveIdleExpiresAt(
  session: SessionRecord,
  pendingLastActiveAt: number,
): number {
  if (pendingLastActiveAt <= 0 || pendingLastActiveAt >= session.idleExpiresAt) {
    return session.idleExpiresAt;
  }
  return Math.min(
    session.absoluteExpiresAt,
    Math.max(session.idleExpiresAt, pendingLastActiveAt + session.idleTimeoutMs),
  );
}

/** A refused session and, for deadlines, which kind of expiry it was. */
export interface LivenessRefusal {
  refusal: Refusal;
  expired: 'idle' | 'absolute' | null;
}

/** Null when the session is live at `now`; otherwise why not (revoked, absolute, idle). */
export function sessionLiveness(
  session: SessionRecord,
  now: number,
  idleExpiresAt: number,
  options: { checkRefreshExpiry: boolean },
): LivenessRefusal | null {
  const sessionId = session.id;
  if (session.revokedAt !== null) {
    const reason = session.revokedReason ?? 'admin';
    return { refusal: { ok: false, code: 'session_revoked', reason, sessionId }, expired: null };
  }
  const refreshExpired = options.checkRefreshExpiry && now >= session.refreshExpiresAt;
  if (now >= session.absoluteExpiresAt || refreshExpired) {
    return { refusal: { ok: false, code: 'session_expired', sessionId }, expired: 'absolute' };
  }
  if (now >= idleExpiresAt) {
    return { refusal: { ok: false, code: 'session_idle_timeout', sessionId }, expired: 'idle' };
  }
  return null;
}
