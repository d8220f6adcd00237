import { StoreUnavailableError } from '../errors.ts';
import { constantTimeEqual } from '../internal/constant-time.ts';
import type { RefreshTokenRecord, SessionRecord } from '../store/session-record.ts';
import type { RotateInput } from '../store/session-store.ts';
import { announceRevocation } from './announce-revocation.ts';
import { MAX_ROTATE_ATTEMPTS } from './constants.ts';
import type { EngineContext } from './context.ts';
import { issueAccessToken } from './issue-access-token.ts';
import { newRefreshToken, refreshTokenSessionId } from './refresh-token-format.ts';
import { effectiveIdleExpiresAt } from './session-liveness.ts';
import { refuseIfEnded } from './session-outcome.ts';
import { forgetSession, rememberSession, snapshotToRotate } from './session-snapshots.ts';
import type { RefreshOptions, RefreshResult, StepUp } from './types.ts';

/** How a presented token relates to the session's current token. */
export type Decision = { kind: 'rotate'; grace: boolean } | { kind: 'reuse' };

/**
 * Rotates a refresh token. The current token yields the next generation; during the grace
 * window a token of the previous generation (or a superseded sibling) yields a sibling at the
 * current generation; anything else is reuse and ends the session. Writes are compare-and-set
 * on the session version; a lost race reloads and decides again. With `stepUp` (POST /reauth,
 * after the caller verified the password) the same rotation also writes authTime = now and
 * aal = max(current, requested), and the new access token carries them.
 */
export async function refresh(
  ctx: EngineContext,
  refreshToken: string,
  options: RefreshOptions,
  stepUp?: StepUp,
): Promise<RefreshResult> {
  // A step-up is real activity, whatever the request said.
  const passive = options.passive === true && stepUp === undefined;
  await ctx.ready();
  // No new tokens while revocation state is unknown (the feed is down): fail closed.
  const catchingUp = ctx.assertFresh();
  if (catchingUp) await catchingUp;
  const sessionId = refreshTokenSessionId(refreshToken);
  if (sessionId === null) return { ok: false, code: 'invalid_token' };
  const hash = await ctx.options.sha256(refreshToken);
  const { store } = ctx.options;
  // A current token this process issued is rotated from its snapshot, without a read (the
  // compare-and-set catches anything newer; see session-snapshots.ts).
  const snapshot = snapshotToRotate(ctx, sessionId, hash, ctx.options.clock.now());
  if (snapshot) {
    options.onSessionLoaded?.(snapshot);
    const now = ctx.options.clock.now();
    const result = await rotate(ctx, snapshot, now, { grace: false, passive, stepUp });
    if (result) return result;
    forgetSession(ctx, sessionId);
  }
  // Otherwise the current token is recognised on the session row itself; the token history is
  // read only for an older token (grace or reuse), which spares a read on almost every refresh.
  let token: RefreshTokenRecord | null = null;
  for (let attempt = 0; attempt < MAX_ROTATE_ATTEMPTS; attempt++) {
    const session = await store.get(sessionId);
    if (!session) return { ok: false, code: 'invalid_token' };
    if (attempt === 0 && !snapshot) options.onSessionLoaded?.(session);
    if (token === null && !constantTimeEqual(hash, session.refreshTokenHash)) {
      token = await store.findRefreshToken(sessionId, hash);
      if (!token) return { ok: false, code: 'invalid_token' };
    }
    const now = ctx.options.clock.now();
    const refusal = refuseIfEnded(ctx, session, now, { checkRefreshExpiry: true });
    if (refusal) return refusal;
    // No token record: the presented token is the session's current one.
    const decision: Decision =
      token === null ? { kind: 'rotate', grace: false } : decide(session, token, hash, now);
    if (decision.kind === 'reuse') return reuseDetected(ctx, session, now);
    const result = await rotate(ctx, session, now, { grace: decision.grace, passive, stepUp });
    if (result) return result;
  }
  throw new StoreUnavailableError('Refresh lost too many concurrent updates; try again');
}

export function decide(
  session: SessionRecord,
  token: RefreshTokenRecord,
  hash: string,
  now: number,
): Decision {
  if (constantTimeEqual(hash, session.refreshTokenHash)) return { kind: 'rotate', grace: false };
  const generation = session.refreshGeneration;
  const recent = token.generation === generation - 1 || token.generation === generation;
  if (recent && now <= session.refreshGraceUntil) return { kind: 'rotate', grace: true };
  return { kind: 'reuse' };
}

/** How one rotation goes: a grace sibling or the next generation, activity, a step-up. */
interface Rotation {
  grace: boolean;
  passive: boolean;
  stepUp: StepUp | undefined;
}

/** The compare-and-set a rotation writes; a step-up also sets authTime and raises aal. */
function rotateInput(
  ctx: EngineContext,
  session: SessionRecord,
  now: number,
  newToken: RefreshTokenRecord,
  how: Rotation,
): RotateInput {
  const { options } = ctx;
  const input: RotateInput = {
    sessionId: session.id,
    expectedVersion: session.version,
    newToken,
    refreshGraceUntil: how.grace ? session.refreshGraceUntil : now + options.refreshGraceMs,
    refreshExpiresAt: Math.min(now + options.refreshTtlMs, session.absoluteExpiresAt),
    basis: session,
  };
  if (!how.passive) {
    input.lastActiveAt = Math.max(session.lastActiveAt, now);
    input.idleExpiresAt = Math.min(
      session.absoluteExpiresAt,
      Math.max(session.idleExpiresAt, now + session.idleTimeoutMs),
    );
  }
  if (how.stepUp) {
    input.authTime = now;
    input.aal = session.aal >= how.stepUp.aal ? session.aal : how.stepUp.aal;
  }
  return input;
}

async function rotate(
  ctx: EngineContext,
  session: SessionRecord,
  now: number,
  how: Rotation,
): Promise<RefreshResult | null> {
  const { options } = ctx;
  const newToken = newRefreshToken(options.random, session.id);
  const generation = how.grace ? session.refreshGeneration : session.refreshGeneration + 1;
  const hash = await options.sha256(newToken);
  const record = { hash, sessionId: session.id, generation, issuedAt: now };
  const input = rotateInput(ctx, session, now, record, how);
  // The access token is signed while the rotation commits (the signature runs on the
  // threadpool, the commit waits for the disk): it is built from the state the rotation will
  // leave if its compare-and-set succeeds, and handed out only then; otherwise it is dropped.
  const expected: SessionRecord = {
    ...session,
    idleExpiresAt: input.idleExpiresAt ?? session.idleExpiresAt,
    authTime: input.authTime ?? session.authTime,
    aal: input.aal ?? session.aal,
  };
  const expectedIdle = effectiveIdleExpiresAt(
    expected,
    ctx.activity.pendingLastActiveAt(session.id),
  );
  const signing = issueAccessToken(ctx, expected, expectedIdle);
  signing.catch(() => undefined); // awaited below; not unhandled if the rotation throws first
  const updated = await options.store.rotate(input);
  if (!updated) return null;
  rememberSession(ctx, updated);
  emitRotation(ctx, now, updated, session, how);
  const idle = effectiveIdleExpiresAt(updated, ctx.activity.pendingLastActiveAt(updated.id));
  // Activity written meanwhile only moves the idle deadline later; an earlier one (never
  // expected) gets a token signed for it, so exp never passes the stored deadline.
  const access = idle >= expectedIdle ? await signing : await issueAccessToken(ctx, updated, idle);
  return { ok: true, session: updated, ...access, refreshToken: newToken, evicted: [] };
}

/** `refreshed` (or `reauthenticated` for a step-up), then `rotated`. */
function emitRotation(
  ctx: EngineContext,
  at: number,
  updated: SessionRecord,
  before: SessionRecord,
  how: Rotation,
): void {
  const { grace } = how;
  if (how.stepUp) {
    ctx.events.emit({
      type: 'reauthenticated',
      at,
      session: updated,
      previousAal: before.aal,
      grace,
    });
  } else {
    ctx.events.emit({ type: 'refreshed', at, session: updated, grace });
  }
  const generation = updated.refreshGeneration;
  ctx.events.emit({ type: 'rotated', at, sessionId: updated.id, generation });
}

/** A token outside the grace rules was presented: treat it as stolen and end the session. */
export async function reuseDetected(
  ctx: EngineContext,
  session: SessionRecord,
  now: number,
): Promise<RefreshResult> {
  const reason = 'refresh_token_reused';
  const revoked = await ctx.options.store.revoke({ sessionId: session.id, reason, at: now });
  if (revoked) {
    ctx.events.emit({ type: 'reuse_detected', at: now, session: revoked });
    await announceRevocation(ctx, revoked, reason);
  }
  return { ok: false, code: 'refresh_token_reused', sessionId: session.id };
}
