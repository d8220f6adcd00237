import type { RefreshTokenRecord, RevokedSession, SessionRecord } from '@tessera/core';
import type { RevocationReason } from '@tessera/protocol';
import type { StoreContext } from '../internal/context.ts';
import { rowToSession, rowToToken } from '../internal/session-row.ts';

export async function getSession(ctx: StoreContext, id: string): Promise<SessionRecord | null> {
  const row = await ctx.db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? rowToSession(row) : null;
}

export async function findRefreshToken(
  ctx: StoreContext,
  sessionId: string,
  hash: string,
): Promise<RefreshTokenRecord | null> {
  const row = await ctx.db
    .selectFrom('refresh_tokens')
    .selectAll()
    .where('hash', '=', hash)
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  return row ? rowToToken(row) : null;
}

/** Live sessions of a user, newest activity first (served by sessions_user_live_idx). */
export async function listForUser(
  ctx: StoreContext,
  userId: string,
  now: number,
): Promise<SessionRecord[]> {
  const rows = await ctx.db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('idle_expires_at', '>', now)
    .where('absolute_expires_at', '>', now)
    .orderBy('last_active_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(rowToSession);
}

/** Live sessions across all users (the rule of listForUser); for the active_sessions gauge. */
export async function countLive(ctx: StoreContext, now: number): Promise<number> {
  const row = await ctx.db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<string>().as('live'))
    .where('revoked_at', 'is', null)
    .where('idle_expires_at', '>', now)
    .where('absolute_expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.live);
}

export async function listRevokedSince(
  ctx: StoreContext,
  since: number,
  now: number,
): Promise<RevokedSession[]> {
  const rows = await ctx.db
    .selectFrom('sessions')
    .select(['id', 'revoked_at', 'revoked_reason', 'absolute_expires_at'])
    .where('revoked_at', '>=', since)
    .where('absolute_expires_at', '>', now)
    .orderBy('revoked_at')
    .execute();
  return rows.map((row) => ({
    sessionId: row.id,
    reason: row.revoked_reason as RevocationReason,
    revokedAt: row.revoked_at as number,
    absoluteExpiresAt: row.absolute_expires_at,
  }));
}
