import type { RevokeForUserInput, RevokeInput, SessionRecord } from '@tessera/core';
import { sql } from 'kysely';
import { type StoreContext, table } from '../internal/context.ts';
import type { SessionsTable } from '../internal/db-types.ts';
import { rowToSession } from '../internal/session-row.ts';

/** End one session (bumps version). Null when unknown or already revoked. */
export async function revokeSession(
  ctx: StoreContext,
  input: RevokeInput,
): Promise<SessionRecord | null> {
  const row = await ctx.db
    .updateTable('sessions')
    .set((eb) => ({
      revoked_at: input.at,
      revoked_reason: input.reason,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', input.sessionId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row ? rowToSession(row) : null;
}

/**
 * End every live session of a user (optionally but one) and return them, newest activity
 * first. Sessions past their idle deadline are ended too (activity buffered on another
 * instance may still slide them), as in the reference store. Rows are locked in id order (no deadlock with a concurrent touch batch); a row
 * revoked meanwhile by someone else is re-checked after the lock wait and skipped.
 */
export async function revokeForUser(
  ctx: StoreContext,
  input: RevokeForUserInput,
): Promise<SessionRecord[]> {
  const sessions = table(ctx, 'sessions');
  const except = input.exceptSessionId ?? null;
  const result = await sql<SessionsTable>`
    WITH target AS MATERIALIZED (
      SELECT id FROM ${sessions}
      WHERE user_id = ${input.userId}
        AND revoked_at IS NULL
        AND absolute_expires_at > ${input.at}
        AND (${except}::text IS NULL OR id <> ${except}::text)
      ORDER BY id
      FOR NO KEY UPDATE
    )
    UPDATE ${sessions} s SET
      revoked_at = ${input.at},
      revoked_reason = ${input.reason},
      version = s.version + 1
    FROM target
    WHERE s.id = target.id AND s.revoked_at IS NULL
    RETURNING s.*`.execute(ctx.db);
  return result.rows
    .map(rowToSession)
    .sort((a, b) => b.lastActiveAt - a.lastActiveAt || (a.id < b.id ? -1 : 1));
}
