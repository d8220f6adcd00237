import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Clock, JobLock, SessionEngine, UserStore } from '@tessera/core';
import { ConfigError, StoreUnavailableError, systemClock } from '@tessera/core';
import { createTesseraApp } from '../../app/create-tessera-app.ts';
import type { MountedHandler } from '../../app/mount-handlers.ts';
import type { ServerConfig } from '../../config/server-config.ts';
import type { AuditSink } from '../../internal/audit-trail.ts';
import { errorSummary } from '../../internal/error-summary.ts';
import { hashPassword } from '../../password/hash-password.ts';
import { type Command, write } from '../command.ts';
import { EXIT_OK } from '../io.ts';
import type { StoreOpener, TesseraStore } from '../open-store.ts';
import { openRuntime, type Runtime, startEngine } from '../runtime.ts';

const HOUR_MS = 60 * 60 * 1000;
const CLEANUP_LOCK = 'tessera:cleanup';
const CLEANUP_LOCK_TTL_MS = 10 * 60 * 1000;
/** Keep-alive connections get this long to finish before they are cut at shutdown. */
const SHUTDOWN_GRACE_MS = 5000;

export interface SeedUser {
  email: string;
  password: string;
  roles: readonly string[];
}

export interface StartServerOptions {
  /** Files served at `/` (overrides `TESSERA_STATIC_DIR`). */
  staticDir?: string;
  /** Users created at start-up unless their email already exists (demos, development). */
  seedUsers?: readonly SeedUser[];
  /** Where start-up and job lines go. Default: stdout. */
  log?: (line: string) => void;
  /** Opens the stores (tests). Default: by the scheme of `TESSERA_DATABASE_URL`. */
  openStore?: StoreOpener;
  clock?: Clock;
  /**
   * The app's own handlers (TesseraAppOptions.mount), built once the engine has started so
   * they can verify requests with it, e.g. `tesseraAuth({ engine })` from `@tessera/server/hono`.
   */
  mount?: (context: { engine: SessionEngine; clock: Clock }) => readonly MountedHandler[];
  /** Period of the cleanup job in ms. Default one hour. */
  cleanupIntervalMs?: number;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:3000` (the real port when the configuration says 0). */
  readonly url: string;
  /** Stop accepting requests, flush activity, close the engine and the stores. Idempotent. */
  close(): Promise<void>;
}

/**
 * Open the configured stores, migrate them, build the engine and the HTTP app, and listen on
 * `TESSERA_HOST:TESSERA_PORT`. Ended sessions are cleaned up periodically (on one instance
 * at a time when a JobLock is configured).
 */
export async function startServer(
  config: ServerConfig,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const runtime = await openRuntime(config, { openStore: options.openStore, clock: options.clock });
  let app: ReturnType<typeof createTesseraApp> | undefined;
  let server: Server | undefined;
  try {
    await startEngine(runtime.engine);
    await seedUsers(runtime.stores.users, options.seedUsers ?? [], options.clock);
    const clock = options.clock ?? systemClock;
    const mount = options.mount?.({ engine: runtime.engine, clock }) ?? [];
    const appConfig = options.staticDir ? { ...config, staticDir: options.staticDir } : config;
    app = createTesseraApp({
      engine: runtime.engine,
      users: runtime.stores.users,
      config: Object.freeze(appConfig),
      readiness: () => readiness(runtime),
      mount,
      ...auditSinkOf(runtime.stores.store),
      ...liveCountOf(runtime.stores.store),
      ...(runtime.stores.rateLimits ? { rateLimits: runtime.stores.rateLimits } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    // @hono/node-server passes the Node request as `env`, so the app sees the socket address.
    server = createAdaptorServer({ fetch: app.fetch }) as Server;
    await listen(server, config.port, config.host);
  } catch (error) {
    await app?.close();
    await runtime.close();
    throw error;
  }
  const url = serverUrl(config.host, server.address() as AddressInfo);
  const job = scheduleCleanup(runtime.engine, runtime.stores.jobLock, options, log);
  log(`Tessera listening on ${url}`);
  let closing: Promise<void> | undefined;
  const running = { server, app };
  return {
    url,
    close: () => {
      closing ??= shutdown(running, runtime, job);
      return closing;
    },
  };
}

async function shutdown(
  running: { server: Server; app: ReturnType<typeof createTesseraApp> },
  runtime: Runtime,
  job: NodeJS.Timeout,
): Promise<void> {
  clearInterval(job);
  const closed = new Promise<void>((resolve) => running.server.close(() => resolve()));
  running.server.closeIdleConnections();
  const cut = setTimeout(() => running.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
  await closed;
  clearTimeout(cut);
  await running.app.close();
  await runtime.close();
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(listenError(error, port, host));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
}

/** A busy port or an unknown host is a configuration problem: name the option. */
function listenError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  if (error.code === 'EADDRINUSE')
    return new ConfigError('TESSERA_PORT', `port ${port} is already in use`);
  if (error.code === 'EACCES')
    return new ConfigError('TESSERA_PORT', `no permission to listen on port ${port}`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return new ConfigError('TESSERA_HOST', `cannot listen on ${host}`);
  }
  return error;
}

function serverUrl(host: string, address: AddressInfo): string {
  const name = address.family === 'IPv6' || host.includes(':') ? `[${address.address}]` : host;
  return `http://${name}:${address.port}`;
}

/** The store's count of live sessions for the active_sessions gauge, when it has one. */
function liveCountOf(store: TesseraStore): {
  countLiveSessions?: (now: number) => Promise<number>;
} {
  const count = store.countLive;
  if (count === undefined) return {};
  return { countLiveSessions: (now) => count.call(store, now) };
}

/** The store's audit trail, when it keeps one (PostgreSQL's `audit_events`). */
function auditSinkOf(store: object): { auditSink?: AuditSink } {
  const append = (store as Partial<AuditSink>).appendAuditEvents;
  if (typeof append !== 'function') return {};
  return { auditSink: { appendAuditEvents: (rows) => append.call(store, rows) } };
}

/**
 * /readyz: the engine has started (keys opened), the store answers and, with Redis, the
 * revocation feed is connected.
 */
async function readiness(runtime: Runtime): Promise<void> {
  if (!runtime.engine.started) throw new StoreUnavailableError('Session engine not started');
  await runtime.stores.store.ping();
  const feed = runtime.stores.revocationFeed;
  if (feed && !feed.isHealthy()) throw new StoreUnavailableError('Revocation feed disconnected');
}

async function seedUsers(
  users: UserStore,
  seeds: readonly SeedUser[],
  clock?: Clock,
): Promise<void> {
  for (const seed of seeds) {
    const email = seed.email.trim().toLowerCase();
    if ((await users.findByEmail(email)) !== null) continue;
    const now = clock?.now() ?? Date.now();
    await users.create({
      id: randomUUID(),
      email,
      passwordHash: await hashPassword(seed.password),
      roles: [...seed.roles],
      disabled: false,
      createdAt: now,
      passwordChangedAt: now,
    });
  }
}

function scheduleCleanup(
  engine: SessionEngine,
  lock: JobLock | undefined,
  options: StartServerOptions,
  log: (line: string) => void,
): NodeJS.Timeout {
  const interval = options.cleanupIntervalMs ?? HOUR_MS;
  const timer = setInterval(() => {
    runCleanup(engine, lock).then(
      (deleted) => {
        if (deleted > 0) log(`Cleanup deleted ${deleted} ended session(s)`);
      },
      // Name and code only: a driver's message can carry a connection string.
      (error: unknown) => log(`Cleanup failed: ${JSON.stringify(errorSummary(error))}`),
    );
  }, interval);
  timer.unref();
  return timer;
}

/**
 * One cleanup run. With a JobLock only the instance that holds it runs; the TTL caps how long
 * a hung run can keep the others out. Cleanup is idempotent, so an extra run is harmless.
 */
export async function runCleanup(
  engine: SessionEngine,
  lock: JobLock | undefined,
): Promise<number> {
  if (lock === undefined) return engine.cleanup();
  if (!(await lock.tryAcquire(CLEANUP_LOCK, CLEANUP_LOCK_TTL_MS))) return 0;
  try {
    return await engine.cleanup();
  } finally {
    await lock.release(CLEANUP_LOCK);
  }
}

export const serve: Command = {
  name: 'serve',
  summary: 'Run the HTTP service',
  usage: '[--port <n>] [--host <address>]',
  args: [],
  options: {},
  help: [
    'Every TESSERA_* option can also be given as a flag (TESSERA_IDLE_TIMEOUT → --idle-timeout).',
    'Stops cleanly on SIGINT or SIGTERM.',
  ],
  async run(input) {
    const config = input.config();
    const running = await startServer(config, {
      log: (line) => write(input.io, line),
      ...(input.io.openStore ? { openStore: input.io.openStore } : {}),
      ...(input.io.clock ? { clock: input.io.clock } : {}),
    });
    input.io.onListening?.(running.url);
    await stopSignal(input.io.signal);
    write(input.io, 'Shutting down');
    await running.close();
    return EXIT_OK;
  },
};

function stopSignal(signal: AbortSignal | undefined): Promise<void> {
  if (signal) {
    return new Promise((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
