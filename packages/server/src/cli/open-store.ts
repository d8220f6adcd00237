import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type {
  JobLock,
  KeyStore,
  RateLimitStore,
  RevocationFeed,
  SessionStore,
  UserStore,
} from '@tessera/core';
import { ConfigError, createMemoryStore } from '@tessera/core';

/** Sessions and signing keys live in one store object. */
export type TesseraStore = SessionStore & KeyStore;

/** The stores the configuration names, opened. */
export interface OpenedStores {
  readonly store: TesseraStore;
  /** Users: the store's `users` member, or the store itself when it is also a UserStore. */
  readonly users: UserStore;
  /** Present with `TESSERA_REDIS_URL`: cross-instance revocation, shared counters, job lock. */
  readonly revocationFeed?: RevocationFeed;
  readonly rateLimits?: RateLimitStore;
  readonly jobLock?: JobLock;
  /** Create or upgrade the schema (idempotent). */
  migrate(): Promise<void>;
  /** Close every connection opened here. */
  close(): Promise<void>;
}

export interface StoreUrls {
  databaseUrl: string;
  redisUrl: string | null;
}

export type StoreOpener = (urls: StoreUrls) => Promise<OpenedStores>;
/** Loads a store package by name (tests replace it). */
export type ModuleLoader = (name: string) => Promise<Record<string, unknown>>;

type Factory = (options: Record<string, unknown>) => unknown;
interface StoreLike extends TesseraStore {
  migrate?: () => Promise<void>;
  users?: UserStore;
}
interface Coordination {
  revocationFeed?: RevocationFeed;
  rateLimits?: RateLimitStore;
  jobLock?: JobLock;
  close?: () => Promise<void>;
}

interface DatabaseEntry {
  pkg: string;
  factory: string;
  options: (url: string) => Promise<Record<string, unknown>>;
  /** Export that builds a JobLock on the opened store, used when Redis gives none. */
  jobLock?: string;
}

/**
 * Scheme → package and factory. The server never imports a store statically (DESIGN.md §1):
 * the package is loaded only when the configuration names it.
 */
const POSTGRES: DatabaseEntry = {
  pkg: '@tessera/store-postgres',
  factory: 'createPostgresStore',
  options: connection,
  jobLock: 'createPostgresJobLock',
};
const REDIS: DatabaseEntry = {
  pkg: '@tessera/store-redis',
  factory: 'createRedisStore',
  options: redisUrl,
};
const DATABASES: Readonly<Record<string, DatabaseEntry>> = {
  sqlite: { pkg: '@tessera/store-sqlite', factory: 'createSqliteStore', options: sqliteOptions },
  postgres: POSTGRES,
  postgresql: POSTGRES,
  redis: REDIS,
  rediss: REDIS,
};
/** `TESSERA_REDIS_URL`: revocation feed, shared rate limits and the job lock, for any database. */
const COORDINATION = { pkg: '@tessera/store-redis', factory: 'createRedisCoordination' } as const;

const defaultLoader: ModuleLoader = (name) => import(name);

/** Open the store of `TESSERA_DATABASE_URL` and, when set, the Redis side of `TESSERA_REDIS_URL`. */
export async function openStore(
  urls: StoreUrls,
  load: ModuleLoader = defaultLoader,
): Promise<OpenedStores> {
  const { store, jobLock } = await openDatabase(urls.databaseUrl, load);
  let coordination: Coordination = {};
  try {
    if (urls.redisUrl !== null) {
      const create = await factory(
        load,
        COORDINATION.pkg,
        COORDINATION.factory,
        'TESSERA_REDIS_URL',
      );
      coordination = (await create({ url: urls.redisUrl })) as Coordination;
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  const lock = coordination.jobLock ?? jobLock;
  return {
    store,
    users: store.users ?? (store as unknown as UserStore),
    ...(coordination.revocationFeed ? { revocationFeed: coordination.revocationFeed } : {}),
    ...(coordination.rateLimits ? { rateLimits: coordination.rateLimits } : {}),
    ...(lock ? { jobLock: lock } : {}),
    migrate: async () => {
      await store.migrate?.();
    },
    close: async () => {
      try {
        await coordination.close?.();
      } finally {
        await store.close();
      }
    },
  };
}

async function openDatabase(
  url: string,
  load: ModuleLoader,
): Promise<{ store: StoreLike; jobLock?: JobLock }> {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase() ?? '';
  if (scheme === 'memory') return { store: createMemoryStore() as unknown as StoreLike };
  const entry = DATABASES[scheme];
  if (entry === undefined) {
    throw new ConfigError(
      'TESSERA_DATABASE_URL',
      `unsupported scheme "${scheme}" (use sqlite:, postgres:, redis: or memory:)`,
    );
  }
  const create = await factory(load, entry.pkg, entry.factory, 'TESSERA_DATABASE_URL');
  const store = (await create(await entry.options(url))) as StoreLike;
  if (entry.jobLock === undefined) return { store };
  // Same package, already loaded: a lock export missing from an older version is not fatal.
  const lockFactory = (await load(entry.pkg))[entry.jobLock];
  return typeof lockFactory === 'function'
    ? { store, jobLock: lockFactory(store) as JobLock }
    : { store };
}

async function factory(
  load: ModuleLoader,
  pkg: string,
  name: string,
  option: string,
): Promise<Factory> {
  let mod: Record<string, unknown>;
  try {
    mod = await load(pkg);
  } catch (error) {
    if (isModuleNotFound(error, pkg)) {
      throw new ConfigError(
        option,
        `this store needs the package ${pkg}; install it with: npm install ${pkg}`,
      );
    }
    throw error;
  }
  const create = mod[name];
  if (typeof create !== 'function') {
    throw new ConfigError(option, `the installed ${pkg} does not export ${name}; update it`);
  }
  return create as Factory;
}

function isModuleNotFound(error: unknown, pkg: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(pkg);
}

/** `sqlite:<path>` (relative to the working directory) or `sqlite::memory:`; creates the folder. */
async function sqliteOptions(url: string): Promise<Record<string, unknown>> {
  const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/|\.)/, '');
  if (path === '') throw new ConfigError('TESSERA_DATABASE_URL', 'sqlite: needs a file path');
  if (path === ':memory:') return { filename: path };
  const filename = resolve(path);
  await mkdir(dirname(filename), { recursive: true });
  return { filename };
}

async function connection(url: string): Promise<Record<string, unknown>> {
  return { connectionString: url };
}

async function redisUrl(url: string): Promise<Record<string, unknown>> {
  return { url };
}
