import type { RefreshTokenRecord, SessionRecord } from '@tessera/core';
import { InvalidInputError } from '@tessera/core';
import { sessionToFields, tokenValue } from '../internal/codec.ts';
import { claimOwner, expiryOf, type StoreContext } from '../internal/context.ts';
import { scheduleMember } from './schedule.ts';

/**
 * Insert a session and its first token. The owner pointers are claimed first (SET NX): they
 * make ids and hashes unique across the keyspace and only route; the session becomes visible
 * with the script, atomically with its token and its place in the user's index.
 */
export async function createSession(
  ctx: StoreContext,
  session: SessionRecord,
  firstToken: RefreshTokenRecord,
): Promise<void> {
  const { keys } = ctx;
  const uid = session.userId;
  const expireAt = expiryOf(ctx, session.absoluteExpiresAt);
  if (!(await claimOwner(ctx, 's', session.id, uid, expireAt))) {
    throw new InvalidInputError('invalid_request', 'Session id already exists');
  }
  if (!(await claimOwner(ctx, 't', firstToken.hash, uid, expireAt))) {
    throw new InvalidInputError('invalid_request', 'Refresh token hash already exists');
  }
  const created = await ctx.script(
    'tesseraCreateSession',
    [
      keys.session(uid, session.id),
      keys.token(uid, firstToken.hash),
      keys.sessionTokens(uid, session.id),
      keys.userIndex(uid),
    ],
    [
      expireAt,
      session.id,
      tokenValue(firstToken),
      firstToken.hash,
      session.absoluteExpiresAt,
      ...sessionToFields(session),
    ],
  );
  if (created !== 1) throw new InvalidInputError('invalid_request', 'Session id already exists');
  const endsAt = Math.min(
    session.idleExpiresAt,
    session.absoluteExpiresAt,
    session.refreshExpiresAt,
    session.revokedAt ?? Number.POSITIVE_INFINITY,
  );
  await ctx.run((c) => c.zadd(keys.cleanupSchedule(), endsAt, scheduleMember(uid, session.id)));
}
