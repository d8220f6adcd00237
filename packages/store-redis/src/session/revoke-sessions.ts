import type { RevokeForUserInput, RevokeInput, SessionRecord } from '@tessera/core';
import { sessionFromReply } from '../internal/codec.ts';
import { ownerOfSession, type StoreContext } from '../internal/context.ts';
import { scheduleMember } from './schedule.ts';

export async function revokeSession(
  ctx: StoreContext,
  input: RevokeInput,
): Promise<SessionRecord | null> {
  const uid = await ownerOfSession(ctx, input.sessionId);
  if (uid === null) return null;
  const reply = await ctx.script(
    'tesseraRevokeSession',
    [ctx.keys.session(uid, input.sessionId), ctx.keys.userIndex(uid)],
    [input.at, input.reason, input.sessionId],
  );
  const session = sessionFromReply(reply);
  if (session !== null) await logRevocations(ctx, [session]);
  return session;
}

export async function revokeUserSessions(
  ctx: StoreContext,
  input: RevokeForUserInput,
): Promise<SessionRecord[]> {
  const base = ctx.keys.session(input.userId, '');
  const reply = await ctx.script(
    'tesseraRevokeUserSessions',
    [ctx.keys.userIndex(input.userId)],
    [input.at, input.reason, input.exceptSessionId ?? '', base],
  );
  const sessions = (reply as unknown[])
    .map(sessionFromReply)
    .filter((s): s is SessionRecord => s !== null);
  await logRevocations(ctx, sessions);
  return sessions;
}

/**
 * Record revocations in the global log (for instances that poll) and move them up the cleanup
 * schedule. These keys live on another slot than the session, so this is a second step; if it
 * fails the caller sees StoreUnavailableError while the sessions are revoked already (safe).
 */
async function logRevocations(
  ctx: StoreContext,
  sessions: readonly SessionRecord[],
): Promise<void> {
  if (sessions.length === 0) return;
  const { keys } = ctx;
  const args: (string | number)[] = [];
  const schedule: (string | number)[] = [];
  for (const s of sessions) {
    const at = s.revokedAt ?? 0;
    args.push(s.id, at, s.absoluteExpiresAt, s.revokedReason ?? 'admin');
    schedule.push(at, scheduleMember(s.userId, s.id));
  }
  await ctx.script(
    'tesseraLogRevocation',
    [keys.revokedByTime(), keys.revokedByExpiry(), keys.revokedInfo()],
    args,
  );
  await ctx.run((c) => c.zadd(keys.cleanupSchedule(), 'LT', ...schedule));
}
