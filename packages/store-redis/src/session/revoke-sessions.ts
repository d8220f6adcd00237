import type { RevokeForUserInput, RevokeInput, SessionRecord } from '@tessera/core';
import { sessionFromReply } from '../internal/codec.ts';
import { ownerOfSession, type StoreContext } from '../internal/context.ts';
import { logRevocations } from './revocation-log.ts';

export async function revokeSession(
  ctx: StoreContext,
  input: RevokeInput,
): Promise<SessionRecord | null> {
  const uid = await ownerOfSession(ctx, input.sessionId);
  if (uid === null) return null;
  const reply = await ctx.script(
    'tesseraRevokeSession',
    [ctx.keys.session(uid, input.sessionId), ctx.keys.userIndex(uid)],
    [input.at, input.reason, input.sessionId],
  );
  const session = sessionFromReply(reply);
  if (session !== null) await logRevocations(ctx, [session]);
  return session;
}

export async function revokeUserSessions(
  ctx: StoreContext,
  input: RevokeForUserInput,
): Promise<SessionRecord[]> {
  const base = ctx.keys.session(input.userId, '');
  const reply = await ctx.script(
    'tesseraRevokeUserSessions',
    [ctx.keys.userIndex(input.userId)],
    [input.at, input.reason, input.exceptSessionId ?? '', base],
  );
  const sessions = (reply as unknown[])
    .map(sessionFromReply)
    .filter((s): s is SessionRecord => s !== null);
  await logRevocations(ctx, sessions);
  return sessions;
}
