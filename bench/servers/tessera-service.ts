// The full Tessera service (the HTTP routes of DESIGN.md §3) on a real store, for the
// DB-backed, refresh and login scenarios. BENCH_STORE: sqlite (default, durable:
// synchronous=FULL with group commit) | postgres (BENCH_POSTGRES_URL, a throwaway database) |
// redis (BENCH_REDIS_URL, a unique key prefix). Audit logging runs at the normal level; only
// its output is discarded. Adds GET /bench/tokens?n=N, GET /bench/rotations (refreshes of the
// current token vs in the grace window) and GET /protected (tesseraAuth).
// BENCH_SESSION_CACHE=0 / BENCH_SIGNER=inline: see below.
// With BENCH_LOGIN_USERS=N seeds N users and prints `USERS <json>` before `READY <port>`.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import {
  createSessionEngine,
  type KeyStore,
  type SessionStore,
  type UserStore,
} from '@tessera/core';
import {
  createTesseraApp,
  engineOptionsFromConfig,
  hashPassword,
  loadConfig,
} from '@tessera/server';
import { tesseraAuth } from '@tessera/server/hono';
import { Hono } from 'hono';
import { pino } from 'pino';

type BenchStore = SessionStore & KeyStore & UserStore & { close(): Promise<void> };

const config = loadConfig({
  ...process.env,
  TESSERA_ACCESS_TTL: '1h',
  TESSERA_IDLE_TIMEOUT: '2h',
  TESSERA_REFRESH_TTL: '30d',
  TESSERA_COOKIE_SECURE: 'false',
  TESSERA_LOG_LEVEL: 'info',
  TESSERA_DATA_KEY: randomBytes(32).toString('base64url'),
  ...(process.env.BENCH_ALG ? { TESSERA_ALGORITHM: process.env.BENCH_ALG } : {}),
});

const { store, cleanup } = await openBenchStore(process.env.BENCH_STORE ?? 'sqlite');
const engine = createSessionEngine({
  ...engineOptionsFromConfig(config),
  // A/B switches for docs/performance.md: BENCH_SESSION_CACHE=0 turns the session snapshots
  // off, BENCH_SIGNER=inline signs on the event loop (Web Crypto) instead of the thread.
  ...(process.env.BENCH_SESSION_CACHE === '0' ? { sessionCacheSize: 0 } : {}),
  ...(process.env.BENCH_SIGNER === 'inline' ? { signer: undefined } : {}),
  store,
  keyStore: store,
});
// Normal audit level (every event is formatted and serialised); the bytes go nowhere.
const logger = pino(
  {
    level: config.logLevel,
    redact: { paths: ['password', '*.password', 'accessToken', 'refreshToken'], censor: '[x]' },
  },
  // pino's default destination (sonic-boom, synchronous writes), opened on /dev/null.
  pino.destination({ dest: '/dev/null', sync: true }),
);
const service = createTesseraApp({ engine, users: store, config, logger });

const benchUser = await createUser('bench@example.com', 'unused-password-0123');
const app = new Hono();
app.get('/bench/tokens', async (c) => {
  const n = Math.min(Number(c.req.query('n') ?? 1), 1000);
  const accessTokens: string[] = [];
  const refreshTokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const issued = await engine.signIn({
      user: { id: benchUser.id, roles: benchUser.roles },
      rememberMe: true,
      device: { type: 'desktop', name: 'autocannon', browser: null, os: null, userAgent: null },
      ip: '127.0.0.1',
      location: null,
    });
    accessTokens.push(issued.accessToken);
    refreshTokens.push(issued.refreshToken);
  }
  return c.json({ accessTokens, refreshTokens });
});
app.get('/protected', tesseraAuth({ engine }), (c) => c.json({ hello: c.var.session.userId }));
// Which path the refresh runs measured: a rotation of the current token, or the grace path.
const rotations = { current: 0, grace: 0 };
engine.on('refreshed', (event) => {
  rotations[event.grace ? 'grace' : 'current'] += 1;
});
app.get('/bench/rotations', (c) => c.json(rotations));

// Everything else goes straight to the service, as `tessera serve` does (a catch-all route in
// this app would add a second router and context to every measured request); the node-server
// env carries the socket address.
const benchOnly = (url: string) => {
  const path = url.slice(url.indexOf('/', url.indexOf('//') + 2));
  return path.startsWith('/bench/') || path === '/protected';
};
const fetch = (request: Request, env: unknown) =>
  benchOnly(request.url) ? app.fetch(request, env) : service.fetch(request, env);

const loginUsers = Number(process.env.BENCH_LOGIN_USERS ?? 0);
if (loginUsers > 0) {
  const users: { email: string; password: string }[] = [];
  for (let i = 0; i < loginUsers; i++) {
    const user = { email: `login-${i}@example.com`, password: `password-${i}-${randomUUID()}` };
    await createUser(user.email, user.password);
    users.push(user);
  }
  console.log(`USERS ${JSON.stringify(users)}`);
}

const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
  console.log(`READY ${info.port}`),
);
process.once('SIGTERM', () => {
  server.close();
  // Keep-alive sockets from the load generator can hold close() open: cap the shutdown.
  setTimeout(() => process.exit(0), 3000);
  void (async () => {
    for (const [step, run] of [
      ['app', () => service.close()],
      ['engine', () => engine.close()],
      ['store', () => store.close()],
      ['cleanup', cleanup],
    ] as const) {
      await run().catch((error: unknown) =>
        console.error(`bench service: ${step} close failed`, error),
      );
    }
    process.exit(0);
  })();
});

async function createUser(email: string, password: string) {
  const now = Date.now();
  const user = {
    id: randomUUID(),
    email,
    passwordHash: await hashPassword(password),
    roles: ['user'],
    disabled: false,
    createdAt: now,
    passwordChangedAt: now,
  };
  await store.create(user);
  return user;
}

async function openBenchStore(
  kind: string,
): Promise<{ store: BenchStore; cleanup: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const { createSqliteStore } = await import('@tessera/store-sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'bench-tessera-'));
    const sqlite = createSqliteStore({ filename: join(dir, 'bench.db') });
    await sqlite.migrate();
    return { store: sqlite, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (kind === 'postgres') return openPostgres();
  if (kind === 'redis') {
    const { createRedisStore } = await import('@tessera/store-redis');
    const url = required('BENCH_REDIS_URL');
    const prefix = `tessera-bench-${randomUUID()}:`;
    const redis = createRedisStore({ url, keyPrefix: prefix });
    return { store: redis as BenchStore, cleanup: () => deleteRedisKeys(url, prefix) };
  }
  throw new Error(`BENCH_STORE must be sqlite, postgres or redis (got ${kind})`);
}

/** A throwaway database on the BENCH_POSTGRES_URL server, dropped at exit. */
async function openPostgres(): Promise<{ store: BenchStore; cleanup: () => Promise<void> }> {
  const { createPostgresStore } = await import('@tessera/store-postgres');
  const { default: pg } = await import('pg');
  const adminUrl = required('BENCH_POSTGRES_URL');
  const name = `tessera_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}" TEMPLATE template0`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const postgres = createPostgresStore({ connectionString: url.toString() });
  await postgres.migrate();
  return {
    store: postgres as unknown as BenchStore,
    cleanup: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** Remove this run's keys (the store was created with a prefix unique to the run). */
async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await client.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required for this store`);
  return value;
}
