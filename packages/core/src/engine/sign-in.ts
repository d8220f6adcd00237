import { randomBase64url } from '../internal/random-id.ts';
import type { SessionRecord } from '../store/session-record.ts';
import { announceRevocation } from './announce-revocation.ts';
import { SESSION_ID_BYTES } from './constants.ts';
import type { EngineContext } from './context.ts';
import { issueAccessToken } from './issue-access-token.ts';
import { sessionPolicy } from './policy.ts';
import { newRefreshToken } from './refresh-token-format.ts';
import { makeRoom, settleSessionLimit } from './session-limit.ts';
import { rememberSession } from './session-snapshots.ts';
import type { IssuedTokens, SignInInput } from './types.ts';

/** Creates a session with fresh ids (fixation-safe) and issues its first tokens. */
export async function signIn(ctx: EngineContext, input: SignInInput): Promise<IssuedTokens> {
  await ctx.ready();
  const { store, clock, random } = ctx.options;
  const now = clock.now();
  if (input.previousSessionId !== undefined) {
    await endPreviousSession(ctx, input.previousSessionId, input.user.id);
  }
  const evicted = await makeRoom(ctx, input.user.id, now);
  const policy = sessionPolicy(ctx.options, input.user.roles, input.rememberMe);
  const id = randomBase64url(random, SESSION_ID_BYTES);
  const refreshToken = newRefreshToken(random, id);
  const hash = await ctx.options.sha256(refreshToken);
  const absoluteExpiresAt = now + policy.absoluteTimeoutMs;
  const session: SessionRecord = {
    id,
    userId: input.user.id,
    kind: input.kind ?? 'user',
    roles: [...input.user.roles],
    createdAt: now,
    lastActiveAt: now,
    idleExpiresAt: Math.min(now + policy.idleTimeoutMs, absoluteExpiresAt),
    absoluteExpiresAt,
    idleTimeoutMs: policy.idleTimeoutMs,
    rememberMe: input.rememberMe,
    authTime: now,
    aal: input.aal ?? 1,
    device: { ...input.device },
    ip: input.ip,
    location: input.location,
    revokedAt: null,
    revokedReason: null,
    refreshTokenHash: hash,
    refreshGeneration: 1,
    refreshGraceUntil: 0,
    refreshExpiresAt: Math.min(now + ctx.options.refreshTtlMs, absoluteExpiresAt),
    data: null,
    dataVersion: 0,
    requestCount: 0,
    bytesSent: 0,
    version: 1,
  };
  await store.create(session, { hash, sessionId: session.id, generation: 1, issuedAt: now });
  ctx.events.emit({ type: 'created', at: now, session });
  rememberSession(ctx, session);
  // Settles races with parallel sign-ins of the same user (throws SessionLimitError on reject).
  evicted.push(...(await settleSessionLimit(ctx, session)));
  const access = await issueAccessToken(ctx, session, session.idleExpiresAt);
  return { session, ...access, refreshToken, evicted };
}

/** The pre-login session (anonymous, or the same user's) is ended, never reused. */
async function endPreviousSession(ctx: EngineContext, sessionId: string, userId: string) {
  const previous = await ctx.options.store.get(sessionId);
  if (!previous || (previous.kind !== 'anonymous' && previous.userId !== userId)) return;
  const revoked = await ctx.options.store.revoke({
    sessionId,
    reason: 'logout',
    at: ctx.options.clock.now(),
  });
  if (revoked) await announceRevocation(ctx, revoked, 'logout');
}
