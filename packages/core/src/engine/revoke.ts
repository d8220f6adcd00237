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
  if (!session) return false;
  await announceRevocation(ctx, session, reason);
  return true;
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
