import { SessionLimitError } from '../errors.ts';
import type { SessionRecord } from '../store/session-record.ts';
import { announceRevocation } from './announce-revocation.ts';
import type { EngineContext } from './context.ts';

/** Re-lists while a `reject` sign-in waits for racing sign-ins to settle (ms between tries). */
const SETTLE_DELAYS_MS = [5, 10, 20, 40, 80];

/** Deterministic order of a user's sessions: (createdAt, id). */
const byCreation = (a: SessionRecord, b: SessionRecord): number =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Newest first: lastActiveAt, then createdAt, then id (a total order every racer agrees on). */
const newestFirst = (a: SessionRecord, b: SessionRecord): number =>
  b.lastActiveAt - a.lastActiveAt || -byCreation(a, b);

/**
 * Pre-check of the concurrent-session limit, before the new session is created. With
 * `evict_oldest` it revokes the oldest sessions to make room; returns them.
 */
export async function makeRoom(
  ctx: EngineContext,
  userId: string,
  now: number,
): Promise<SessionRecord[]> {
  const { maxSessionsPerUser: limit, sessionLimitPolicy, store } = ctx.options;
  if (limit === 0) return [];
  const live = await store.listForUser(userId, now);
  if (live.length < limit) return [];
  if (sessionLimitPolicy === 'reject') throw new SessionLimitError(limit);
  const oldestFirst = [...live].sort((a, b) => -newestFirst(a, b));
  return evict(ctx, oldestFirst.slice(0, live.length - limit + 1), now);
}

/**
 * After `store.create`: list-then-create is not atomic, so parallel sign-ins can all pass the
 * pre-check. Each one re-lists the user's live sessions and settles.
 *
 * `reject`: the new session stays only once it has seen at most `limit` live sessions. While
 * it sees more, a session that is not among the first `limit` by (createdAt, id) revokes
 * itself at once; one that is waits briefly for the others to do so, and gives up (revokes
 * itself) if they do not. Safe because the last of the kept sessions to list saw every other
 * kept one. The self-revocation uses reason `logout` (the session ends in its own sign-in, like
 * a pre-login session; `signed_in_elsewhere` would claim an eviction that did not happen; its
 * tokens were never handed out, so no client sees the reason) and throws SessionLimitError.
 *
 * `evict_oldest`: every session beyond the newest `limit` is evicted (`signed_in_elsewhere`),
 * idempotently; the newest `limit` overall are never evicted by any racer. Returns the evicted.
 */
export async function settleSessionLimit(
  ctx: EngineContext,
  session: SessionRecord,
): Promise<SessionRecord[]> {
  const { maxSessionsPerUser: limit, sessionLimitPolicy } = ctx.options;
  if (limit === 0) return [];
  if (sessionLimitPolicy === 'evict_oldest') {
    const live = await listLive(ctx, session.userId);
    return evict(ctx, live.sort(newestFirst).slice(limit), ctx.options.clock.now());
  }
  for (const delay of [0, ...SETTLE_DELAYS_MS]) {
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const live = (await listLive(ctx, session.userId)).sort(byCreation);
    if (live.length <= limit) return [];
    if (!live.slice(0, limit).some((s) => s.id === session.id)) break;
  }
  const revoked = await ctx.options.store.revoke({
    sessionId: session.id,
    reason: 'logout',
    at: ctx.options.clock.now(),
  });
  // Audit and metrics saw `created`; they see the end too.
  if (revoked) await announceRevocation(ctx, revoked, 'logout');
  throw new SessionLimitError(limit);
}

function listLive(ctx: EngineContext, userId: string): Promise<SessionRecord[]> {
  return ctx.options.store.listForUser(userId, ctx.options.clock.now());
}

async function evict(
  ctx: EngineContext,
  candidates: readonly SessionRecord[],
  now: number,
): Promise<SessionRecord[]> {
  const evicted: SessionRecord[] = [];
  for (const candidate of candidates) {
    const session = await ctx.options.store.revoke({
      sessionId: candidate.id,
      reason: 'signed_in_elsewhere',
      at: now,
    });
    if (!session) continue; // already ended (another racer evicted it): nothing to announce
    await announceRevocation(ctx, session, 'signed_in_elsewhere');
    ctx.events.emit({ type: 'evicted', at: now, session });
    evicted.push(session);
  }
  return evicted;
}
