import type {
  KeyStore,
  RefreshTokenRecord,
  SessionRecord,
  SessionStore,
  UserRecord,
  UserStore,
} from '@tessera/core';
import { ConfigError } from '@tessera/core';
import { guarded, openClient, type RedisClient } from './internal/client.ts';
import { defineScripts } from './internal/commands.ts';
import { createContext } from './internal/context.ts';
import { createKeyLayout } from './internal/keys.ts';
import { OwnerCache } from './internal/owner-cache.ts';
import { checkPrefix, splitPrefix } from './internal/url-prefix.ts';
import { createRedisKeyStore } from './key-store.ts';
import { createSession } from './session/create-session.ts';
import { deleteExpired } from './session/delete-expired.ts';
import { listRevokedSince, listUserSessions } from './session/list-sessions.ts';
import { findRefreshToken, getSession } from './session/read-session.ts';
import { revokeSession, revokeUserSessions } from './session/revoke-sessions.ts';
import { rotateSession } from './session/rotate-session.ts';
import { touchSessions } from './session/touch-sessions.ts';
import { updateData } from './session/update-data.ts';
import { createRedisUserStore } from './user-store.ts';

export interface RedisStoreOptions {
  /**
   * `redis://` or `rediss://` URL; the store opens (and closes) its own connection. An optional
   * `?prefix=` query parameter sets the key prefix (for `TESSERA_DATABASE_URL=redis://…`).
   */
  url?: string;
  /** An existing ioredis client (standalone, Sentinel or Cluster); the caller closes it. */
  client?: RedisClient;
  /** Prefix of every key (before the hash tag); no braces or spaces. Default `tessera:`. */
  keyPrefix?: string;
  /** How long an ended session stays readable after its absolute deadline, ms. Default 1 day. */
  retentionMs?: number;
  /** Upper bound of one command when the store opens the connection, ms. Default 2000. */
  commandTimeoutMs?: number;
  /** Cached session/token → user routing entries. Default 100,000. */
  ownerCacheSize?: number;
}

/** Sessions, signing keys and users in one object, like every Tessera store. */
export type RedisStore = SessionStore & KeyStore & UserStore;

/**
 * A complete Tessera store on Redis ≥ 7. Key layout and atomicity: see docs/deploy.md and
 * `internal/keys.ts`. Run Redis with persistence (AOF) and `maxmemory-policy noeviction` when it
 * is the primary store.
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const fromUrl = options.url === undefined ? undefined : splitPrefix(options.url, 'url');
  const keyPrefix =
    options.keyPrefix === undefined ? undefined : checkPrefix(options.keyPrefix, 'keyPrefix');
  const { client, owned } = openClient({ ...options, url: fromUrl?.url });
  const retentionMs = options.retentionMs ?? 24 * 60 * 60 * 1000;
  if (!Number.isFinite(retentionMs) || retentionMs < 0) {
    throw new ConfigError('retentionMs', 'must be a non-negative number of milliseconds');
  }
  const ctx = createContext(
    client,
    createKeyLayout(keyPrefix ?? fromUrl?.prefix ?? 'tessera:'),
    defineScripts(client),
    new OwnerCache(options.ownerCacheSize ?? 100_000),
    retentionMs,
  );
  const users = createRedisUserStore(ctx);

  // SessionStore.create(session, token) and UserStore.create(user) share a name: the second
  // argument (only sessions have one) tells them apart, as in core's memory store.
  function create(session: SessionRecord, firstToken: RefreshTokenRecord): Promise<void>;
  function create(user: UserRecord): Promise<void>;
  function create(
    record: SessionRecord | UserRecord,
    firstToken?: RefreshTokenRecord,
  ): Promise<void> {
    if (firstToken !== undefined) return createSession(ctx, record as SessionRecord, firstToken);
    return users.create(record as UserRecord);
  }

  return {
    ...users,
    ...createRedisKeyStore(ctx),
    create,
    get: (sessionId) => getSession(ctx, sessionId),
    findRefreshToken: (sessionId, hash) => findRefreshToken(ctx, sessionId, hash),
    rotate: (input) => rotateSession(ctx, input),
    touch: (inputs) => touchSessions(ctx, inputs),
    revoke: (input) => revokeSession(ctx, input),
    revokeForUser: (input) => revokeUserSessions(ctx, input),
    listForUser: (userId, now) => listUserSessions(ctx, userId, now),
    listRevokedSince: (since, now) => listRevokedSince(ctx, since, now),
    updateData: (input) => updateData(ctx, input),
    deleteExpired: (before, batchSize) => deleteExpired(ctx, before, batchSize),
    async ping() {
      await guarded(client, () => client.ping());
    },
    async close() {
      if (owned) await client.quit().catch(() => client.disconnect());
    },
  };
}
