import type { RevocationFeed, RevokedSession } from '@tessera/core';
import { ConfigError } from '@tessera/core';
import { isRevocationReason } from '@tessera/protocol';
import type { Redis } from 'ioredis';
import { connect, guarded, openClient, type RedisClient } from './internal/client.ts';

export interface RedisRevocationFeedOptions {
  /** `redis://` URL; the feed opens a publisher and a subscriber connection. */
  url?: string;
  /**
   * A standalone (or Sentinel) client to publish with; the subscriber is its `duplicate()`.
   * Caller closes it. Not a Cluster client: see {@link createRedisRevocationFeed}.
   */
  client?: Redis;
  /** Pub/sub channel. Default `tessera:revocations`. Instances of one deployment share it. */
  channel?: string;
  /** How often the subscriber connection is pinged to notice a silent drop, ms. Default 5000. */
  heartbeatMs?: number;
}

/** The feed, plus a way to close the connections it opened. */
export interface RedisRevocationFeed extends RevocationFeed {
  close(): Promise<void>;
}

/**
 * Revocations over Redis pub/sub. A dedicated subscriber connection delivers them; while it is
 * not subscribed (disconnected, reconnecting, heartbeat failed) `isHealthy()` is false, so the
 * engine fails closed instead of trusting a revocation set that may miss entries. After a
 * reconnect it resubscribes and turns healthy again; revocations published in the gap reach
 * this instance through the engine's store polling.
 *
 * A Cluster client is refused: ioredis moves a Cluster's subscriber to another node by itself
 * when its connection drops, without any event, so `isHealthy()` would stay true across a gap in
 * which revocations are lost (seen on a real Cluster: test/redis-cluster.test.ts).
 */
export function createRedisRevocationFeed(
  options: RedisRevocationFeedOptions,
): RedisRevocationFeed {
  if ((options.client as { isCluster?: boolean } | undefined)?.isCluster === true) {
    throw new ConfigError('client', 'the revocation feed needs a standalone or Sentinel client');
  }
  const channel = options.channel ?? 'tessera:revocations';
  const { client: publisher, owned } = openClient(options);
  const connectionName = `${channel}:subscriber`.replace(/[^\w:.-]/g, '_');
  const subscriber: Redis =
    options.client !== undefined
      ? options.client.duplicate({ maxRetriesPerRequest: 1, connectionName })
      : connect({ url: options.url ?? '', commandTimeoutMs: 2000, connectionName });
  subscriber.on('error', () => {});
  const listeners = new Set<(revoked: RevokedSession) => void>();
  const recoveryListeners = new Set<() => void>();
  let subscribed = false;
  let started = false;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  const resubscribe = async (): Promise<void> => {
    try {
      await subscriber.subscribe(channel);
      subscribed = subscriber.status === 'ready';
      // Messages published while we were away are gone: let the engine catch up from the store.
      if (subscribed && lost) {
        lost = false;
        for (const recovered of recoveryListeners) recovered();
      }
    } catch {
      subscribed = false;
    }
  };
  // True once a working subscription was lost: only then did messages go missing.
  let lost = false;
  subscriber.on('close', () => {
    if (subscribed) lost = true;
    subscribed = false;
  });
  subscriber.on('ready', () => {
    if (started) void resubscribe();
  });
  subscriber.on('message', (ch: string, message: string) => {
    if (ch !== channel) return;
    const revoked = parseRevocation(message);
    if (revoked === null) return;
    for (const listener of listeners) listener(revoked);
  });

  return {
    async publish(revoked) {
      await guarded(publisher as RedisClient, () =>
        publisher.publish(channel, JSON.stringify(revoked)),
      );
    },
    async subscribe(listener, onResubscribed) {
      listeners.add(listener);
      if (onResubscribed) recoveryListeners.add(onResubscribed);
      if (!started) {
        started = true;
        await guarded(subscriber, () => subscriber.subscribe(channel));
        subscribed = true;
        heartbeat = setInterval(() => void ping(), options.heartbeatMs ?? 5000);
        heartbeat.unref();
      }
      return async () => {
        listeners.delete(listener);
        if (onResubscribed) recoveryListeners.delete(onResubscribed);
      };
    },
    isHealthy: () => subscribed && subscriber.status === 'ready',
    async close() {
      if (heartbeat !== undefined) clearInterval(heartbeat);
      subscribed = false;
      subscriber.disconnect();
      if (owned) await publisher.quit().catch(() => publisher.disconnect());
    },
  };

  async function ping(): Promise<void> {
    if (!subscribed) return;
    try {
      await subscriber.ping();
    } catch {
      // A dead connection that never reported a close: drop it, ioredis reconnects.
      lost = true;
      subscribed = false;
      subscriber.disconnect(true);
    }
  }
}

/** Messages come from the network: accept only well-formed revocations. */
function parseRevocation(message: string): RevokedSession | null {
  try {
    const v = JSON.parse(message) as Partial<RevokedSession>;
    if (
      typeof v.sessionId === 'string' &&
      isRevocationReason(v.reason) &&
      typeof v.revokedAt === 'number' &&
      typeof v.absoluteExpiresAt === 'number'
    ) {
      return {
        sessionId: v.sessionId,
        reason: v.reason,
        revokedAt: v.revokedAt,
        absoluteExpiresAt: v.absoluteExpiresAt,
      };
    }
  } catch {
    // Not JSON: ignore.
  }
  return null;
}
