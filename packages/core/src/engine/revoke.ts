import type { RevocationReason } from '@tessera/protocol';
import { announceRevocation } from './announce-revocation.ts';
import type { EngineContext } from './context.ts';

/** Ends one session. False when it was unknown or already ended. */
export async function revokeSession(
  ctx: EngineContext,
  sessionId: string,
  reason: RevocationReason,
): Promise<boolean> {
  await ctx.ready();
  const at = ctx.options.clock.now();
  const session = await ctx.options.store.revoke({ sessionId, reason, at });
  if (!session) {
    await announceIfUnannounced(ctx, sessionId, at);
    return false;
  }
  await announceRevocation(ctx, session, reason);
  return true;
}

/**
 * "Already ended" may mean an earlier attempt revoked the session in the store and then failed
 * before announcing it (e.g. the store's second write failed). While access tokens of it can
 * still be alive (within accessTtl of revokedAt), announce it again unless this process already
 * knows it — so a retry repairs a lost announcement, and a plain double revoke stays quiet.
 */
async function announceIfUnannounced(ctx: EngineContext, sessionId: string, now: number) {
  if (ctx.revocations.reasonFor(sessionId, now) !== undefined) return;
  const stored = await ctx.options.store.get(sessionId);
  if (stored?.revokedAt == null || stored.revokedReason === null) return;
  if (now - stored.revokedAt > ctx.options.accessTtlMs) return;
  await announceRevocation(ctx, stored, stored.revokedReason);
}

/** Ends every live session of a user, optionally but one. Returns how many ended. */
export async function revokeUserSessions(
  ctx: EngineContext,
  userId: string,
  reason: RevocationReason,
  exceptSessionId?: string,
): Promise<number> {
  await ctx.ready();
  const at = ctx.options.clock.now();
  const ended = await ctx.options.store.revokeForUser({ userId, reason, at, exceptSessionId });
  for (const session of ended) await announceRevocation(ctx, session, reason);
  return ended.length;
}

/** After a password change: ends the user's other sessions with reason `password_changed`. */
export async function passwordChanged(
  ctx: EngineContext,
  userId: string,
  keepSessionId?: string,
): Promise<number> {
  const revoked = await revokeUserSessions(ctx, userId, 'password_changed', keepSessionId);
  ctx.events.emit({
    type: 'password_changed',
    at: ctx.options.clock.now(),
    userId,
    revoked,
  });
  return revoked;
}
