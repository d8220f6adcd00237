import type { RevokedSession } from '../store/session-store.ts';

/**
 * Carries revocations between instances (Redis pub/sub, for example). Without a feed the engine
 * polls the store's `listRevokedSince` instead.
 */
export interface RevocationFeed {
  publish(revoked: RevokedSession): Promise<void>;
  /**
   * Start delivering revocations; resolves when subscribed. Returns a function that stops it.
   * `onResubscribed` is called after the feed recovers from an outage, so the engine can read
   * from the store what was published while it was down.
   */
  subscribe(
    listener: (revoked: RevokedSession) => void,
    onResubscribed?: () => void,
  ): Promise<() => Promise<void>>;
  /** False while the feed is disconnected: revocation state may be stale, verification fails closed. */
  isHealthy(): boolean;
}
