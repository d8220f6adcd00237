import { CLEANUP_BATCH, LEEWAY_MS } from './constants.ts';
import type { EngineContext } from './context.ts';

/**
 * Deletes ended sessions in batches. Sessions are kept a little past their end: a revocation
 * must stay listable until its access tokens are dead (other instances poll for it), and
 * activity buffered on another instance may still slide an idle deadline that just passed.
 */
export async function cleanup(ctx: EngineContext): Promise<number> {
  const { store, clock, accessTtlMs, activityWriteIntervalMs } = ctx.options;
  const before = clock.now() - accessTtlMs - LEEWAY_MS - activityWriteIntervalMs;
  let total = 0;
  for (;;) {
    const deleted = await store.deleteExpired(before, CLEANUP_BATCH);
    total += deleted;
    if (deleted < CLEANUP_BATCH) return total;
  }
}
