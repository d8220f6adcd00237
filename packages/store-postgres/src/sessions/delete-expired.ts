import { sql } from 'kysely';
import { type StoreContext, table } from '../internal/context.ts';

/**
 * Delete one batch of sessions that ended before `before` (revoked, or past their idle,
 * absolute or refresh deadline); their tokens go with them (ON DELETE CASCADE). Returns how
 * many it deleted; callers loop until it returns less than `batchSize`.
 *
 * Each batch is one short statement on a pooled connection that goes straight back to the
 * pool. `pacer` spaces consecutive batches by `cleanupPauseMs`, so a big backlog never
 * crowds out request traffic. SKIP LOCKED lets two cleaners, or a cleaner and a request
 * holding a row, proceed without waiting on each other.
 */
export async function deleteExpired(
  ctx: StoreContext,
  pacer: Pacer,
  before: number,
  batchSize: number,
): Promise<number> {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new RangeError('batchSize must be a positive integer');
  }
  const sessions = table(ctx, 'sessions');
  await pacer.wait();
  try {
    // The LEAST(...) expression is exactly the one sessions_ends_at_idx indexes.
    const result = await sql`
      DELETE FROM ${sessions} WHERE id IN (
        SELECT id FROM ${sessions}
        WHERE LEAST(idle_expires_at, absolute_expires_at, refresh_expires_at) < ${before}
           OR revoked_at < ${before}
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED
      )`.execute(ctx.db);
    return Number(result.numAffectedRows ?? 0n);
  } finally {
    pacer.done();
  }
}

/** Keeps at least `pauseMs` between the end of one batch and the start of the next. */
export interface Pacer {
  wait(): Promise<void>;
  done(): void;
}

export function createPacer(pauseMs: number, now: () => number = Date.now): Pacer {
  let lastEnd = Number.NEGATIVE_INFINITY;
  return {
    async wait() {
      const remaining = lastEnd + pauseMs - now();
      if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
    },
    done() {
      lastEnd = now();
    },
  };
}
