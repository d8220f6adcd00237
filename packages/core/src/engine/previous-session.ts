import type { SessionRecord } from '../store/session-record.ts';
import { announceRevocation } from './announce-revocation.ts';
import type { EngineContext } from './context.ts';
import { decide, reuseDetected } from './refresh.ts';
import { refreshTokenSessionId } from './refresh-token-format.ts';
import { refuseIfEnded } from './session-outcome.ts';
import type { SignInInput } from './types.ts';

/**
 * The session the client held before this sign-in, if it is one sign-in acts on: an anonymous
 * session, or (named by a trusted `previousSessionId`) one of the same user.
 */
export async function previousSession(
  ctx: EngineContext,
  input: SignInInput,
): Promise<SessionRecord | null> {
  if (input.previousRefreshToken !== undefined) {
    const guest = await guestOfRefreshToken(ctx, input.previousRefreshToken);
    if (guest) return guest;
  }
  if (input.previousSessionId === undefined) return null;
  const previous = await ctx.options.store.get(input.previousSessionId);
  if (!previous || (previous.kind !== 'anonymous' && previous.userId !== input.user.id)) {
    return null;
  }
  return previous;
}

/**
 * The live anonymous session a presented refresh token names, when the refresh rules accept
 * the token now (current, or within the grace window). A stale token of a guest session is
 * reuse and ends that session, as a refresh would. Tokens of user sessions are ignored.
 */
async function guestOfRefreshToken(
  ctx: EngineContext,
  refreshToken: string,
): Promise<SessionRecord | null> {
  const sessionId = refreshTokenSessionId(refreshToken);
  if (sessionId === null) return null;
  const hash = await ctx.options.sha256(refreshToken);
  const [token, session] = await Promise.all([
    ctx.options.store.findRefreshToken(sessionId, hash),
    ctx.options.store.get(sessionId),
  ]);
  if (!token || !session || session.kind !== 'anonymous') return null;
  const now = ctx.options.clock.now();
  if (refuseIfEnded(ctx, session, now, { checkRefreshExpiry: true })) return null;
  if (decide(session, token, hash, now).kind === 'reuse') {
    await reuseDetected(ctx, session, now);
    return null;
  }
  return session;
}

/** Ends the previous session: it is never reused (reason `logout`). */
export async function endPreviousSession(ctx: EngineContext, previous: SessionRecord) {
  const revoked = await ctx.options.store.revoke({
    sessionId: previous.id,
    reason: 'logout',
    at: ctx.options.clock.now(),
  });
  if (revoked) await announceRevocation(ctx, revoked, 'logout');
}
