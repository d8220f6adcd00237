import type { RotateInput, SessionRecord } from '@tessera/core';
import { InvalidInputError } from '@tessera/core';
import { sessionFromReply, tokenValue } from '../internal/codec.ts';
import { claimOwner, expiryOf, ownerOfSession, type StoreContext } from '../internal/context.ts';

/**
 * Compare-and-set rotation in one script. The new token's owner pointer is written before it:
 * if the script never runs (crash, outage) the pointer leads to no token, so exactly one of the
 * old and new tokens works.
 */
export async function rotateSession(
  ctx: StoreContext,
  input: RotateInput,
): Promise<SessionRecord | null> {
  const uid = await ownerOfSession(ctx, input.sessionId);
  if (uid === null) return null;
  const current = await ctx.run((c) =>
    c.hget(ctx.keys.session(uid, input.sessionId), 'absoluteExpiresAt'),
  );
  if (current === null) return null;
  const expireAt = expiryOf(ctx, Number(current));
  const { newToken } = input;
  if (!(await claimOwner(ctx, 't', newToken.hash, uid, expireAt))) {
    throw new InvalidInputError('invalid_request', 'Refresh token hash already exists');
  }
  const reply = await ctx.script(
    'tesseraRotateSession',
    [
      ctx.keys.session(uid, input.sessionId),
      ctx.keys.token(uid, newToken.hash),
      ctx.keys.sessionTokens(uid, input.sessionId),
    ],
    [
      input.expectedVersion,
      newToken.hash,
      tokenValue(newToken),
      newToken.generation,
      input.refreshGraceUntil,
      input.refreshExpiresAt,
      expireAt,
      input.lastActiveAt ?? '',
      input.idleExpiresAt ?? '',
      input.authTime ?? '',
      input.aal ?? '',
    ],
  );
  if (reply === -1)
    throw new InvalidInputError('invalid_request', 'Refresh token hash already exists');
  return sessionFromReply(reply);
}
