import type { SessionRecord } from '../store/session-record.ts';
import type { EngineContext } from './context.ts';
import { effectiveIdleExpiresAt, sessionLiveness } from './session-liveness.ts';
import type { Refusal } from './types.ts';

/**
 * Checks a loaded session against `now`, counting activity still pending in this process.
 * Emits `expired` the first time a session is seen past a deadline.
 */
export function refuseIfEnded(
  ctx: EngineContext,
  session: SessionRecord,
  now: number,
  options: { checkRefreshExpiry: boolean },
): Refusal | null {
  const idle = effectiveIdleExpiresAt(session, ctx.activity.pendingLastActiveAt(session.id));
  const outcome = sessionLiveness(session, now, idle, options);
  if (!outcome) return null;
  if (outcome.expired && ctx.expiredSeen.get(session.id) === undefined) {
    ctx.expiredSeen.set(session.id, true);
    ctx.events.emit({
      type: 'expired',
      at: now,
      sessionId: session.id,
      userId: session.userId,
      kind: outcome.expired,
    });
  }
  return outcome.refusal;
}
