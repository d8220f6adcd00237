import type { RevocationReason } from '@tessera/protocol';
import type { SessionRecord } from '../store/session-record.ts';
import type { RevokedSession } from '../store/session-store.ts';
import { PUBLISH_RETRY_DELAYS_MS, PUBLISH_WAIT_MS } from './constants.ts';
import type { EngineContext } from './context.ts';
import type { RevocationFeed } from './revocation-feed.ts';
import { unref } from './revocation-sync.ts';
import { forgetSession } from './session-snapshots.ts';

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
  forgetSession(ctx, session.id);
  ctx.events.emit({ type: 'revoked', at: revoked.revokedAt, session, reason });
  const feed = ctx.options.revocationFeed;
  if (!feed) return;
  // Wait for the publish (with its retries) at most PUBLISH_WAIT_MS; the retries go on in the
  // background. If every attempt fails, the store still holds the revocation and other
  // instances catch it on their next safety poll (FEED_SAFETY_POLL_MS).
  const published = publishWithRetries(feed, revoked);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, PUBLISH_WAIT_MS);
    unref(timer);
  });
  await Promise.race([published, waited]);
  clearTimeout(timer);
}

async function publishWithRetries(feed: RevocationFeed, revoked: RevokedSession): Promise<void> {
  for (const delay of [0, ...PUBLISH_RETRY_DELAYS_MS]) {
    if (delay > 0) await sleep(delay);
    try {
      await feed.publish(revoked);
      return;
    } catch {
      // Try again after the next delay.
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => unref(setTimeout(resolve, ms)));
}
