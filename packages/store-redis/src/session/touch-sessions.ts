import type { TouchInput } from '@tessera/core';
import { ownerOfSession, type StoreContext } from '../internal/context.ts';

/**
 * Apply coalesced activity: one script per user (one hash tag), run in parallel. The script is
 * monotonic and never revives an ended session; unknown sessions are skipped.
 */
export async function touchSessions(
  ctx: StoreContext,
  inputs: readonly TouchInput[],
): Promise<void> {
  if (inputs.length === 0) return;
  const owners = await Promise.all(inputs.map((i) => ownerOfSession(ctx, i.sessionId)));
  const byUser = new Map<string, { keys: string[]; args: number[] }>();
  inputs.forEach((input, i) => {
    const uid = owners[i];
    if (uid === null || uid === undefined) return;
    let batch = byUser.get(uid);
    if (batch === undefined) {
      batch = { keys: [], args: [] };
      byUser.set(uid, batch);
    }
    batch.keys.push(ctx.keys.session(uid, input.sessionId));
    batch.args.push(input.lastActiveAt, input.requestCount, input.bytesSent);
  });
  await Promise.all(
    [...byUser.values()].map((b) => ctx.script('tesseraTouchSessions', b.keys, b.args)),
  );
}
