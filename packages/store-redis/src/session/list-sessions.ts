import type { RevokedSession, SessionRecord } from '@tessera/core';
import { isRevocationReason } from '@tessera/protocol';
import { sessionFromReply } from '../internal/codec.ts';
import type { StoreContext } from '../internal/context.ts';
import { flushPendingRevocations } from './revocation-log.ts';

/** Live sessions of a user, newest activity first (one script on the user's tag). */
export async function listUserSessions(
  ctx: StoreContext,
  userId: string,
  now: number,
): Promise<SessionRecord[]> {
  const reply = await ctx.script(
    'tesseraListUserSessions',
    [ctx.keys.userIndex(userId)],
    [now, ctx.keys.session(userId, '')],
  );
  return (reply as unknown[])
    .map(sessionFromReply)
    .filter((s): s is SessionRecord => s !== null)
    .sort((a, b) => b.lastActiveAt - a.lastActiveAt);
}

/**
 * Revocations at or after `since` still within their absolute deadline; the log is pruned.
 * Revocations this process could not log yet are written first (repair), so the poll that
 * follows a failed log write still reports them.
 */
export async function listRevokedSince(
  ctx: StoreContext,
  since: number,
  now: number,
): Promise<RevokedSession[]> {
  await flushPendingRevocations(ctx);
  const { keys } = ctx;
  const reply = (await ctx.script(
    'tesseraListRevoked',
    [keys.revokedByTime(), keys.revokedByExpiry(), keys.revokedInfo()],
    [since, now],
  )) as string[];
  const out: RevokedSession[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const [reason, revokedAt, absoluteExpiresAt] = String(reply[i + 1]).split('|');
    if (!isRevocationReason(reason)) continue;
    const entry = {
      sessionId: String(reply[i]),
      reason,
      revokedAt: Number(revokedAt),
      absoluteExpiresAt: Number(absoluteExpiresAt),
    };
    if (entry.absoluteExpiresAt > now) out.push(entry);
  }
  return out.sort((a, b) => a.revokedAt - b.revokedAt);
}
