import {
  type DataUpdateInput,
  InvalidInputError,
  type RefreshTokenRecord,
  type SessionRecord,
} from '@tessera/core';
import { sql } from 'kysely';
import { type StoreContext, table } from '../internal/context.ts';
import { sessionToRow, tokenToRow } from '../internal/session-row.ts';
import { uniqueViolation } from '../internal/unavailable.ts';

/** Insert a session and its first refresh token in one statement (one round trip, atomic). */
export async function createSession(
  ctx: StoreContext,
  session: SessionRecord,
  firstToken: RefreshTokenRecord,
): Promise<void> {
  const row = sessionToRow(session);
  const token = tokenToRow(firstToken);
  const columns = Object.keys(row) as (keyof typeof row)[];
  await sql`
    WITH inserted AS (
      INSERT INTO ${table(ctx, 'sessions')} (${sql.join(columns.map((c) => sql.ref(c)))})
      VALUES (${sql.join(columns.map((c) => sql`${row[c]}`))})
      RETURNING id
    )
    INSERT INTO ${table(ctx, 'refresh_tokens')} (hash, session_id, generation, issued_at)
    SELECT ${token.hash}, id, ${token.generation}, ${token.issued_at} FROM inserted`
    .execute(ctx.db)
    .catch((error: unknown) => {
      const constraint = uniqueViolation(error);
      if (constraint === 'sessions_pkey') {
        throw new InvalidInputError('invalid_request', 'Session id already exists');
      }
      if (constraint === 'refresh_tokens_pkey') {
        throw new InvalidInputError('invalid_request', 'Refresh token hash already exists');
      }
      throw error;
    });
}

/** Compare-and-set on data_version (live sessions only); the new version, or null. */
export async function updateData(
  ctx: StoreContext,
  input: DataUpdateInput,
): Promise<number | null> {
  const row = await ctx.db
    .updateTable('sessions')
    .set((eb) => ({ data: input.data, data_version: eb('data_version', '+', 1) }))
    .where('id', '=', input.sessionId)
    .where('data_version', '=', input.expectedDataVersion)
    .where('revoked_at', 'is', null)
    .returning('data_version')
    .executeTakeFirst();
  return row ? row.data_version : null;
}
