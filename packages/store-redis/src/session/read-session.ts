import type { RefreshTokenRecord, SessionRecord } from '@tessera/core';
import { sessionFromReply, tokenFromValue } from '../internal/codec.ts';
import { ownerOfSession, ownerOfToken, type StoreContext } from '../internal/context.ts';

export async function getSession(
  ctx: StoreContext,
  sessionId: string,
): Promise<SessionRecord | null> {
  const uid = await ownerOfSession(ctx, sessionId);
  if (uid === null) return null;
  const reply = await ctx.run((c) => c.call('HGETALL', ctx.keys.session(uid, sessionId)));
  return sessionFromReply(reply);
}

/** Token keys live under the user's tag and are deleted with their session. */
export async function findRefreshToken(
  ctx: StoreContext,
  sessionId: string,
  hash: string,
): Promise<RefreshTokenRecord | null> {
  const uid = await ownerOfToken(ctx, hash);
  if (uid === null) return null;
  const value = await ctx.run((c) => c.get(ctx.keys.token(uid, hash)));
  const token = tokenFromValue(hash, value);
  return token?.sessionId === sessionId ? token : null;
}
