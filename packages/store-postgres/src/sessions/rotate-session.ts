import { InvalidInputError, type RotateInput, type SessionRecord } from '@tessera/core';
import { sql } from 'kysely';
import { type StoreContext, table } from '../internal/context.ts';
import type { SessionsTable } from '../internal/db-types.ts';
import { rowToSession } from '../internal/session-row.ts';
import { uniqueViolation } from '../internal/unavailable.ts';

/**
 * Compare-and-set rotation in one statement: the UPDATE only matches while the session is
 * still at `expectedVersion`, and the new token is inserted only from the UPDATE's result.
 * Under READ COMMITTED, racing rotations queue on the row lock; once the first commits, the
 * others re-check `version = expected` against the new row, match nothing and insert
 * nothing. A hash already issued fails the whole statement (nothing changes).
 */
export async function rotateSession(
  ctx: StoreContext,
  input: RotateInput,
): Promise<SessionRecord | null> {
  const { newToken } = input;
  const lastActiveAt = input.lastActiveAt ?? null;
  const idleExpiresAt = input.idleExpiresAt ?? null;
  const authTime = input.authTime ?? null;
  const aal = input.aal ?? null;
  const statement = sql<SessionsTable>`
    WITH rotated AS (
      UPDATE ${table(ctx, 'sessions')} SET
        refresh_token_hash = ${newToken.hash},
        refresh_generation = ${newToken.generation},
        refresh_grace_until = ${input.refreshGraceUntil},
        refresh_expires_at = ${input.refreshExpiresAt},
        last_active_at = COALESCE(${lastActiveAt}::bigint, last_active_at),
        idle_expires_at = COALESCE(${idleExpiresAt}::bigint, idle_expires_at),
        auth_time = COALESCE(${authTime}::bigint, auth_time),
        aal = COALESCE(${aal}::smallint, aal),
        version = version + 1
      WHERE id = ${input.sessionId} AND version = ${input.expectedVersion} AND revoked_at IS NULL
      RETURNING *
    ), token AS (
      INSERT INTO ${table(ctx, 'refresh_tokens')} (hash, session_id, generation, issued_at)
      SELECT ${newToken.hash}, id, ${newToken.generation}, ${newToken.issuedAt} FROM rotated
    )
    SELECT * FROM rotated`;
  const result = await statement.execute(ctx.db).catch((error: unknown) => {
    if (uniqueViolation(error) === 'refresh_tokens_pkey') {
      throw new InvalidInputError('invalid_request', 'Refresh token hash already exists');
    }
    throw error;
  });
  const row = result.rows[0];
  return row ? rowToSession(row) : null;
}
