import type { DataUpdateInput } from '@tessera/core';
import { ownerOfSession, type StoreContext } from '../internal/context.ts';

/** Compare-and-set of the encrypted session data; null on a version conflict or ended session. */
export async function updateData(
  ctx: StoreContext,
  input: DataUpdateInput,
): Promise<number | null> {
  const uid = await ownerOfSession(ctx, input.sessionId);
  if (uid === null) return null;
  const reply = await ctx.script(
    'tesseraUpdateData',
    [ctx.keys.session(uid, input.sessionId)],
    [input.expectedDataVersion, input.data === null ? '0' : '1', input.data ?? ''],
  );
  return typeof reply === 'number' ? reply : null;
}
