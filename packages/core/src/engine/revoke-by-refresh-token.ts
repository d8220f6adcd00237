import type { RevocationReason } from '@tessera/protocol';
import type { EngineContext } from './context.ts';
import { decide, reuseDetected } from './refresh.ts';
import { refreshTokenSessionId } from './refresh-token-format.ts';
import { revokeSession } from './revoke.ts';
import { refuseIfEnded } from './session-outcome.ts';

/**
 * Ends the session a refresh token belongs to without rotating it. The token is judged by the
 * same rules as a refresh, so a stale (possibly stolen) token is treated as reuse.
 */
export async function revokeByRefreshToken(
  ctx: EngineContext,
  refreshToken: string,
  reason: RevocationReason,
): Promise<boolean> {
  await ctx.ready();
  const sessionId = refreshTokenSessionId(refreshToken);
  if (sessionId === null) return false;
  const hash = await ctx.options.sha256(refreshToken);
  const token = await ctx.options.store.findRefreshToken(sessionId, hash);
  if (!token) return false;
  const session = await ctx.options.store.get(sessionId);
  if (!session) return false;
  const now = ctx.options.clock.now();
  if (refuseIfEnded(ctx, session, now, { checkRefreshExpiry: true })) return false;
  if (decide(session, token, hash, now).kind === 'reuse') {
    await reuseDetected(ctx, session, now);
    return false;
  }
  return revokeSession(ctx, session.id, reason);
}
