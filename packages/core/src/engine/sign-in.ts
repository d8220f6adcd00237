import { InvalidInputError, SessionDataUnreadableError } from '../errors.ts';
import { randomBase64url } from '../internal/random-id.ts';
import type { SessionRecord } from '../store/session-record.ts';
import { SESSION_ID_BYTES } from './constants.ts';
import type { EngineContext } from './context.ts';
import { ANONYMOUS_USER_PREFIX, isAnonymousUserId } from './guest-user-id.ts';
import { issueAccessToken } from './issue-access-token.ts';
import { sessionPolicy } from './policy.ts';
import { endPreviousSession, previousSession } from './previous-session.ts';
import { newRefreshToken } from './refresh-token-format.ts';
import { openData, sealData, serializeData } from './session-data-codec.ts';
import { keysWithinCap } from './session-data-patch.ts';
import { makeRoom, settleSessionLimit } from './session-limit.ts';
import { refuseIfEnded } from './session-outcome.ts';
import { rememberSession } from './session-snapshots.ts';
import type { IssuedTokens, SignInInput } from './types.ts';

/** Creates a session with fresh ids (fixation-safe) and issues its first tokens. */
export async function signIn(ctx: EngineContext, input: SignInInput): Promise<IssuedTokens> {
  // Guest ids are reserved both ways: a user account must never look like a guest (the
  // middlewares would refuse it) nor a guest session like an account.
  if ((input.kind === 'anonymous') !== isAnonymousUserId(input.user.id)) {
    throw new InvalidInputError(
      'invalid_request',
      `User ids starting with "${ANONYMOUS_USER_PREFIX}" are reserved for guest sessions, and only for them`,
    );
  }
  await ctx.ready();
  const { store, clock, random } = ctx.options;
  const now = clock.now();
  const previous = await previousSession(ctx, input);
  // A previous session of the same user ends first (it frees its slot); a guest's ends only
  // once the new session exists, so a refused sign-in leaves the guest and its data alive.
  if (previous && previous.kind !== 'anonymous') await endPreviousSession(ctx, previous);
  const guest = previous?.kind === 'anonymous' ? previous : null;
  const evicted = await makeRoom(ctx, input.user.id, now);
  const policy = sessionPolicy(ctx.options, input.user.roles, input.rememberMe);
  const id = randomBase64url(random, SESSION_ID_BYTES);
  const data = guest ? await carriedData(ctx, guest, id, now) : null;
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
    data,
    dataVersion: data === null ? 0 : 1,
    requestCount: 0,
    bytesSent: 0,
    version: 1,
  };
  await store.create(session, { hash, sessionId: session.id, generation: 1, issuedAt: now });
  ctx.events.emit({ type: 'created', at: now, session });
  rememberSession(ctx, session);
  // Settles races with parallel sign-ins of the same user (throws SessionLimitError on reject).
  evicted.push(...(await settleSessionLimit(ctx, session)));
  if (guest) await endPreviousSession(ctx, guest);
  const access = await issueAccessToken(ctx, session, session.idleExpiresAt);
  return { session, ...access, refreshToken, evicted };
}

/**
 * The guest's data as the new session stores it (sealed for the new session id), or null when
 * there is none to carry: the guest ended, its data is empty, or it does not open (tampered
 * data is never copied; the sign-in itself goes on).
 */
async function carriedData(
  ctx: EngineContext,
  guest: SessionRecord,
  newSessionId: string,
  now: number,
): Promise<string | null> {
  if (guest.data === null) return null;
  if (refuseIfEnded(ctx, guest, now, { checkRefreshExpiry: true })) return null;
  let data: Record<string, unknown>;
  try {
    data = await openData(ctx.options, guest);
  } catch (error) {
    if (error instanceof SessionDataUnreadableError) return null;
    throw error;
  }
  const kept = keysWithinCap(data, ctx.options.sessionDataMaxBytes);
  if (Object.keys(kept).length === 0) return null;
  return sealData(ctx.options, newSessionId, serializeData(kept).json);
}
