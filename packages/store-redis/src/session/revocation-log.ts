import type { SessionRecord } from '@tessera/core';
import type { StoreContext } from '../internal/context.ts';
import { scheduleMember } from './schedule.ts';

/** Pause before each further attempt of a failed log write (ms): bounded, the caller waits. */
const RETRY_DELAYS_MS = [10, 50];
/** Most revocations kept for a later repair while the log cannot be written. */
const MAX_PENDING = 10_000;

/**
 * Revocations this process could not write to the global log yet (session id → record).
 * Per store context, so two stores in one process never share a queue.
 */
const pendingByContext = new WeakMap<StoreContext, Map<string, SessionRecord>>();

function pendingOf(ctx: StoreContext): Map<string, SessionRecord> {
  let pending = pendingByContext.get(ctx);
  if (pending === undefined) {
    pending = new Map();
    pendingByContext.set(ctx, pending);
  }
  return pending;
}

/**
 * Record revocations in the global log (for instances that poll) and move them up the cleanup
 * schedule. These keys live on another slot than the session, so this is a second step after
 * the revoke. Its failure must not fail the revoke (the sessions are revoked already, and a
 * failed revoke would never be announced: a retry finds them ended): the write is retried a
 * few times, and what still fails is kept and written again by the next log write or poll.
 */
export async function logRevocations(
  ctx: StoreContext,
  sessions: readonly SessionRecord[],
): Promise<void> {
  if (sessions.length === 0) return;
  const pending = pendingOf(ctx);
  for (const s of sessions) pending.set(s.id, s);
  trim(pending);
  for (const delay of [0, ...RETRY_DELAYS_MS]) {
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (await flushPendingRevocations(ctx)) return;
  }
}

/** Write every pending revocation; true when none is left. Never throws. */
export async function flushPendingRevocations(ctx: StoreContext): Promise<boolean> {
  const pending = pendingOf(ctx);
  if (pending.size === 0) return true;
  const batch = [...pending.values()];
  try {
    await writeLog(ctx, batch);
  } catch {
    return false;
  }
  for (const s of batch) if (pending.get(s.id) === s) pending.delete(s.id);
  return pending.size === 0;
}

async function writeLog(ctx: StoreContext, sessions: readonly SessionRecord[]): Promise<void> {
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

/** Bounded: entries past their absolute deadline go first, then the oldest. */
function trim(pending: Map<string, SessionRecord>): void {
  if (pending.size <= MAX_PENDING) return;
  const now = Date.now();
  for (const [id, s] of pending) if (s.absoluteExpiresAt <= now) pending.delete(id);
  for (const id of pending.keys()) {
    if (pending.size <= MAX_PENDING) break;
    pending.delete(id);
  }
}
