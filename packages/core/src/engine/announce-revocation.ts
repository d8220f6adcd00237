import type { RevocationReason } from '@tessera/protocol';
import type { SessionRecord } from '../store/session-record.ts';
import type { RevokedSession } from '../store/session-store.ts';
import type { EngineContext } from './context.ts';

/**
 * Makes a revocation effective everywhere: this process's revocation set at once, other
 * instances through the feed (polling of the store is the fallback), and the `revoked` event.
 */
export async function announceRevocation(
  ctx: EngineContext,
  session: SessionRecord,
  reason: RevocationReason,
): Promise<void> {
  const revoked: RevokedSession = {
    sessionId: session.id,
    reason,
    revokedAt: session.revokedAt ?? ctx.options.clock.now(),
    absoluteExpiresAt: session.absoluteExpiresAt,
  };
  ctx.revocations.add(revoked);
  ctx.events.emit({ type: 'revoked', at: revoked.revokedAt, session, reason });
  const feed = ctx.options.revocationFeed;
  if (!feed) return;
  try {
    await feed.publish(revoked);
  } catch {
    // The store already holds the revocation; other instances catch it on their next poll.
  }
}
