import type { TouchInput } from '@tessera/core';
import { sql } from 'kysely';
import { type StoreContext, table } from '../internal/context.ts';

// One entry per session: the latest activity and the summed counters. (The engine coalesces
// per session already; this keeps a duplicate from being applied nondeterministically.)
function mergeBySession(inputs: readonly TouchInput[]): TouchInput[] {
  const merged = new Map<string, TouchInput>();
  for (const input of inputs) {
    const seen = merged.get(input.sessionId);
    merged.set(
      input.sessionId,
      seen
        ? {
            sessionId: input.sessionId,
            lastActiveAt: Math.max(seen.lastActiveAt, input.lastActiveAt),
            requestCount: seen.requestCount + input.requestCount,
            bytesSent: seen.bytesSent + input.bytesSent,
          }
        : { ...input },
    );
  }
  return [...merged.values()].sort((a, b) => (a.sessionId < b.sessionId ? -1 : 1));
}

/**
 * Apply a batch of coalesced activity in one statement. Rows are locked in id order first so
 * two instances touching overlapping batches cannot deadlock. Only live sessions whose idle
 * deadline is still after the activity move (activity never revives an ended session);
 * last_active_at and idle_expires_at only move forward, capped at the absolute deadline.
 */
export async function touchSessions(
  ctx: StoreContext,
  inputs: readonly TouchInput[],
): Promise<void> {
  const batch = mergeBySession(inputs);
  if (batch.length === 0) return;
  const sessions = table(ctx, 'sessions');
  await sql`
    WITH input AS (
      SELECT * FROM unnest(
        ${batch.map((t) => t.sessionId)}::text[],
        ${batch.map((t) => t.lastActiveAt)}::bigint[],
        ${batch.map((t) => t.requestCount)}::bigint[],
        ${batch.map((t) => t.bytesSent)}::bigint[]
      ) AS t(id, last_active_at, request_count, bytes_sent)
    ), locked AS MATERIALIZED (
      SELECT s.id FROM ${sessions} s JOIN input i ON i.id = s.id
      WHERE s.revoked_at IS NULL
        AND s.idle_expires_at > i.last_active_at
        AND s.absolute_expires_at > i.last_active_at
      ORDER BY s.id
      FOR NO KEY UPDATE OF s
    )
    UPDATE ${sessions} s SET
      last_active_at = GREATEST(s.last_active_at, i.last_active_at),
      idle_expires_at = LEAST(
        s.absolute_expires_at,
        GREATEST(s.idle_expires_at, i.last_active_at + s.idle_timeout_ms)
      ),
      request_count = s.request_count + i.request_count,
      bytes_sent = s.bytes_sent + i.bytes_sent
    FROM input i
    WHERE s.id = i.id AND s.id IN (SELECT id FROM locked)
      AND s.revoked_at IS NULL
      AND s.idle_expires_at > i.last_active_at
      AND s.absolute_expires_at > i.last_active_at`.execute(ctx.db);
}
