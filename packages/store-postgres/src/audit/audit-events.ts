import type { StoreContext } from '../internal/context.ts';
import { guard } from '../internal/unavailable.ts';

/** An audit-trail entry to append. Never put a token, hash or password in `detail`. */
export interface AuditEventInput {
  /** Epoch ms. */
  at: number;
  /** Event type, e.g. `created`, `revoked`, `reuse_detected`, `login_failed`. */
  type: string;
  sessionId?: string | null;
  userId?: string | null;
  /** Revocation reason or failure code, when there is one. */
  reason?: string | null;
  ip?: string | null;
  /** Extra JSON-serialisable facts (stored as jsonb). */
  detail?: Record<string, unknown> | null;
}

/** A stored audit event; `id` increases with insertion order. */
export interface AuditEventRecord {
  id: number;
  at: number;
  type: string;
  sessionId: string | null;
  userId: string | null;
  reason: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
}

export interface ListAuditEventsInput {
  /** Only this user's events. */
  userId?: string;
  /** Most events to return (newest first), 1 to 1000. */
  limit: number;
}

/** Append events in one multi-row INSERT (atomic: all or none). */
export function appendAuditEvents(
  ctx: StoreContext,
  events: readonly AuditEventInput[],
): Promise<void> {
  return guard('audit.append', async () => {
    if (events.length === 0) return;
    await ctx.db
      .insertInto('audit_events')
      .values(
        events.map((e) => ({
          at: e.at,
          type: e.type,
          session_id: e.sessionId ?? null,
          user_id: e.userId ?? null,
          reason: e.reason ?? null,
          ip: e.ip ?? null,
          // pg would send a JS object as JSON anyway; stringify makes it explicit.
          detail: e.detail == null ? null : JSON.stringify(e.detail),
        })),
      )
      .execute();
  });
}

/** Newest first (by time, then insertion order). */
export function listAuditEvents(
  ctx: StoreContext,
  input: ListAuditEventsInput,
): Promise<AuditEventRecord[]> {
  if (!Number.isSafeInteger(input.limit) || input.limit < 1 || input.limit > 1000) {
    return Promise.reject(new RangeError('limit must be an integer from 1 to 1000'));
  }
  return guard('audit.list', async () => {
    let query = ctx.db.selectFrom('audit_events').selectAll();
    if (input.userId !== undefined) query = query.where('user_id', '=', input.userId);
    const rows = await query
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(input.limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      type: r.type,
      sessionId: r.session_id,
      userId: r.user_id,
      reason: r.reason,
      ip: r.ip,
      detail: (r.detail ?? null) as Record<string, unknown> | null,
    }));
  });
}
