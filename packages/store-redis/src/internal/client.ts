import { ConfigError, StoreUnavailableError } from '@tessera/core';
import { type Cluster, Redis } from 'ioredis';

/** A standalone, Sentinel-backed or Cluster client: the store only uses what all three share. */
export type RedisClient = Redis | Cluster;

export interface ConnectOptions {
  url: string;
  /** Upper bound of any one command, ms (a hung connection fails closed instead of hanging). */
  commandTimeoutMs: number;
  /** CLIENT SETNAME, so operators can tell the connections apart in CLIENT LIST. */
  connectionName?: string;
}

/**
 * Open a client that fails fast: one retry per command across a reconnect and a command
 * timeout, so an outage becomes StoreUnavailableError (503) instead of a queue of hung requests.
 */
export function connect(options: ConnectOptions): Redis {
  const client = new Redis(options.url, {
    maxRetriesPerRequest: 1,
    connectTimeout: options.commandTimeoutMs,
    commandTimeout: options.commandTimeoutMs,
    retryStrategy: (times) => Math.min(times * 100, 1000),
    enableAutoPipelining: true,
    ...(options.connectionName ? { connectionName: options.connectionName } : {}),
  });
  // Errors surface on the commands that fail; without a listener ioredis would log them.
  client.on('error', () => {});
  return client;
}

/** Reply errors that mean "not available now" rather than "this script is wrong". */
const TRANSIENT =
  /^(LOADING|READONLY|CLUSTERDOWN|TRYAGAIN|MASTERDOWN|BUSY|OOM|NOREPLICAS|MOVED|ASK)\b/;

/** Map a failure of the Redis client onto core's error family; script bugs stay as they are. */
export function toStoreError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError) return error;
  if (error instanceof Error && error.name === 'ReplyError' && !TRANSIENT.test(error.message)) {
    return error;
  }
  return new StoreUnavailableError('Redis is unavailable', { cause: error });
}

/** Statuses in which a command would only wait in the offline queue: fail closed at once. */
const DOWN = new Set(['reconnecting', 'close', 'end']);

/** Run one Redis operation; connection failures become StoreUnavailableError. */
export async function guarded<T>(client: RedisClient, work: () => Promise<T>): Promise<T> {
  if (DOWN.has(client.status)) throw new StoreUnavailableError('Redis is unavailable');
  try {
    return await work();
  } catch (error) {
    throw toStoreError(error);
  }
}

/** Use the caller's client (not owned) or open one from `url` (owned: closed by us). */
export function openClient(options: {
  url?: string | undefined;
  client?: RedisClient | undefined;
  commandTimeoutMs?: number | undefined;
}): { client: RedisClient; owned: boolean } {
  if (options.client !== undefined) return { client: options.client, owned: false };
  if (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url)) {
    throw new ConfigError('url', 'give a redis:// or rediss:// URL, or a client');
  }
  return {
    client: connect({ url: options.url, commandTimeoutMs: options.commandTimeoutMs ?? 2000 }),
    owned: true,
  };
}
