/**
 * Several instances: two real `tessera serve` processes sharing one PostgreSQL database (through
 * a TCP proxy this file can cut) and one private Redis (a redis-server this file can stop).
 */

import { createPostgresStore } from '@tessera/store-postgres';
import {
  createTestDatabase,
  postgresAvailable,
  startTcpProxy,
  type TcpProxy,
  type TestDatabase,
} from '@tessera/store-postgres/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, refresh, type Tokens } from './support/http.ts';
import { type Instance, runCli, startInstance } from './support/instances.ts';
import { hasRedisServer, PrivateRedis } from './support/private-redis.ts';
import { REQUIRE_SERVICES } from './support/redis.ts';

const PASSWORD = 'correct horse battery staple 7';
const USERS = Array.from({ length: 20 }, (_, i) => `user${i}@cluster.test`);

const hasPostgres = await postgresAvailable();
const hasRedis = await hasRedisServer();
if (!hasRedis) {
  if (REQUIRE_SERVICES)
    throw new Error('redis-server is not installed and TESSERA_REQUIRE_SERVICES=1');
  console.warn('\n[SKIPPED] store-redis cluster tests: no redis-server binary\n');
}
const runnable = hasPostgres && hasRedis;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!runnable)('two instances on PostgreSQL + Redis', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let redis: PrivateRedis;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    db = await createTestDatabase('cluster');
    proxy = await startTcpProxy({
      host: new URL(db.url).hostname,
      port: Number(new URL(db.url).port || 5432),
    });
    redis = await PrivateRedis.start();
    const env = {
      TESSERA_DATABASE_URL: proxy.rewrite(db.url),
      TESSERA_REDIS_URL: `${redis.url}?prefix=cluster-test:`,
      TESSERA_COOKIE_SECURE: 'false',
      TESSERA_LOG_LEVEL: 'warn',
      TESSERA_DATA_KEY: Buffer.alloc(32, 7).toString('base64url'),
    };
    await runCli(['migrate'], env);
    await runCli(['users', 'add', USERS[0] as string, '--password', PASSWORD], env);
    await cloneUsers(db.url, USERS[0] as string, USERS.slice(1));
    // A first: it creates the signing key that B then loads.
    a = await startInstance('A', env);
    b = await startInstance('B', env);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.kill('SIGKILL'), b?.kill('SIGKILL')]);
    await redis?.stop();
    await proxy?.close();
    await db?.drop();
  }, 30_000);

  it('sign in on A, refresh on B, list sessions on A: one consistent session', async () => {
    const signedIn = await login(a.url, USERS[0] as string, PASSWORD);
    const refreshed = await refresh(b.url, signedIn.refreshToken);
    expect(refreshed.status).toBe(200);
    expect(refreshed.tokens?.sessionId).toBe(signedIn.sessionId);
    const list = await call(a.url, 'GET', '/sessions', {
      token: refreshed.tokens?.accessToken ?? '',
    });
    expect(list.status).toBe(200);
    const sessions = list.body.sessions as { id: string; current: boolean }[];
    expect(sessions.find((s) => s.id === signedIn.sessionId)?.current).toBe(true);
    // The rotated-away token on A is within the grace window; the new one works on A too.
    expect((await refresh(a.url, refreshed.tokens?.refreshToken ?? '')).status).toBe(200);
  });

  it('revoke on B: the access token is refused on A within the propagation budget', async () => {
    const victim = await login(a.url, USERS[1] as string, PASSWORD);
    const other = await login(b.url, USERS[1] as string, PASSWORD);
    expect((await call(a.url, 'GET', '/me', { token: victim.accessToken })).status).toBe(200);
    const revoke = await call(b.url, 'DELETE', `/sessions/${victim.sessionId}`, {
      token: other.accessToken,
    });
    expect(revoke.status).toBeLessThan(300);
    const started = performance.now();
    let refusal: Awaited<ReturnType<typeof call>> | undefined;
    while (performance.now() - started < 3000) {
      const reply = await call(a.url, 'GET', '/me', { token: victim.accessToken });
      if (reply.status !== 200) {
        refusal = reply;
        break;
      }
      await sleep(2);
    }
    const elapsed = performance.now() - started;
    console.log(`[cluster] revocation on B refused on A after ${elapsed.toFixed(1)} ms`);
    expect(refusal?.status).toBe(401);
    expect(refusal?.body.code).toBe('session_revoked');
    expect(elapsed).toBeLessThan(1000);
  });

  it('ten parallel refreshes of one token across A and B: all 200, still signed in', async () => {
    const signedIn = await login(a.url, USERS[2] as string, PASSWORD);
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        refresh(i % 2 === 0 ? a.url : b.url, signedIn.refreshToken),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
    const last = replies.at(-1)?.tokens as Tokens;
    const again = await refresh(b.url, last.refreshToken);
    expect(again.status).toBe(200);
    expect(
      (await call(a.url, 'GET', '/me', { token: again.tokens?.accessToken ?? '' })).status,
    ).toBe(200);
  });

  it('A killed during load: every user stays signed in through B, no false reuse', async () => {
    const clients = await Promise.all(
      USERS.map(async (email, i) => ({
        email,
        tokens: await login(i % 2 ? a.url : b.url, email, PASSWORD),
      })),
    );
    const failures: string[] = [];
    let failedOverRefreshes = 0;
    let requests = 0;
    const deadline = performance.now() + 3000;
    const killAt = performance.now() + 1000;
    let killed = false;
    const killer = (async () => {
      await sleep(killAt - performance.now());
      await a.kill('SIGKILL');
      killed = true;
    })();

    async function drive(c: (typeof clients)[number], offset: number): Promise<void> {
      await sleep(offset);
      for (let i = 0; i < 80 && performance.now() < deadline; i++) {
        await sleep(40);
        const target = i % 2 === 0 ? a.url : b.url;
        if (i % 3 === 2) {
          const presented = c.tokens.refreshToken;
          let reply = await refresh(target, presented).catch(() => null);
          if (reply === null && target === b.url) {
            failures.push(`${c.email} refresh on B: no answer`);
            return;
          }
          if (reply === null && target === a.url) {
            // The request to A failed (A is down): retry the same token on B (grace window).
            failedOverRefreshes++;
            reply = await refresh(b.url, presented);
          }
          requests++;
          if (reply?.status !== 200 || !reply.tokens) {
            failures.push(`${c.email} refresh ${reply?.status} ${reply?.text ?? ''}`);
            return;
          }
          c.tokens = reply.tokens;
        } else {
          const reply = await call(target, 'GET', '/me', { token: c.tokens.accessToken }).catch(
            () => null,
          );
          requests++;
          // Only A may fail to answer (it is being killed, possibly mid-request); B never.
          if (reply === null && target === a.url) continue;
          if (reply === null) {
            failures.push(`${c.email} /me on B: no answer`);
            continue;
          }
          if (reply.status !== 200) failures.push(`${c.email} /me ${reply.status} ${reply.text}`);
        }
      }
    }

    await Promise.all(clients.map((c, i) => drive(c, i * 2)));
    await killer;
    console.log(
      `[cluster] load: ${requests} requests, ${failedOverRefreshes} refreshes retried on B after A died`,
    );
    expect(failures).toEqual([]);
    expect(killed).toBe(true);
    expect(failedOverRefreshes).toBeGreaterThan(0);
    // Afterwards every user is still signed in through B, and can keep refreshing there.
    for (const c of clients) {
      expect((await call(b.url, 'GET', '/me', { token: c.tokens.accessToken })).status).toBe(200);
      const next = await refresh(b.url, c.tokens.refreshToken);
      expect(next.status, next.text).toBe(200);
      c.tokens = next.tokens as Tokens;
    }
    // No session of theirs was revoked (reuse detection would have revoked it).
    const list = await call(b.url, 'GET', '/sessions', {
      token: clients[0]?.tokens.accessToken ?? '',
    });
    expect((list.body.sessions as unknown[]).length).toBeGreaterThan(0);
  }, 30_000);

  it('the retry of a refresh whose response was lost works on B (grace window)', async () => {
    const signedIn = await login(b.url, USERS[3] as string, PASSWORD);
    const first = await refresh(b.url, signedIn.refreshToken);
    expect(first.status).toBe(200);
    // The client never saw `first` (A died mid-response): it presents the old token again.
    const retry = await refresh(b.url, signedIn.refreshToken);
    expect(retry.status).toBe(200);
    expect(retry.tokens?.sessionId).toBe(signedIn.sessionId);
  });

  it('Redis, then PostgreSQL unavailable: 503 unavailable with Retry-After, then full recovery', async () => {
    const signedIn = await login(b.url, USERS[4] as string, PASSWORD);
    const tokens = signedIn;

    // Redis down: revocation state is unknown, so verification and refresh fail closed (503,
    // never 401: a client must not lose a valid session); login throttling counters are on
    // Redis too.
    await redis.stop();
    await expectUnavailable(() => call(b.url, 'GET', '/me', { token: tokens.accessToken }));
    await expectUnavailable(() =>
      call(b.url, 'POST', '/login', {
        json: { email: USERS[5], password: PASSWORD, transport: 'bearer' },
      }),
    );
    await expectUnavailable(() => refresh(b.url, tokens.refreshToken));
    await redis.resume();
    await eventually(() => call(b.url, 'GET', '/me', { token: tokens.accessToken }));

    // PostgreSQL down: nothing that needs the store answers, no token is issued.
    await proxy.cut();
    await expectUnavailable(() => refresh(b.url, tokens.refreshToken));
    await expectUnavailable(() =>
      call(b.url, 'POST', '/login', {
        json: { email: USERS[5], password: PASSWORD, transport: 'bearer' },
      }),
    );
    await proxy.restore();
    const after = await eventually(() => refresh(b.url, tokens.refreshToken));
    expect(after.tokens?.sessionId).toBe(signedIn.sessionId);

    // Nothing lost: the session is still listed under its id, users still sign in on both sides.
    const list = await call(b.url, 'GET', '/sessions', { token: after.tokens?.accessToken ?? '' });
    expect((list.body.sessions as { id: string }[]).some((s) => s.id === signedIn.sessionId)).toBe(
      true,
    );
    await login(b.url, USERS[5] as string, PASSWORD);
  }, 40_000);
});

/** While a dependency is down: 503 `unavailable`, Retry-After, no token, no stack trace. */
async function expectUnavailable(
  request: () => Promise<{
    status: number;
    headers: Headers;
    body: Record<string, unknown>;
    text: string;
  }>,
): Promise<void> {
  // Until the outage is noticed a request may still succeed, but it must never be refused as
  // unauthenticated (401) or fail with 500: a client would discard a valid session.
  const first = await eventually(request, 503, [401, 500]);
  // Once noticed, every answer is 503 until the dependency is back.
  const reply = await request();
  expect(reply.status, reply.text).toBe(503);
  for (const r of [first, reply]) expect(r.body.code).toBe('unavailable');
  expect(reply.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(reply.body.accessToken).toBeUndefined();
  expect(reply.body.refreshToken).toBeUndefined();
  expect(reply.text).not.toMatch(/\bat .+:\d+:\d+|Error:/);
}

/**
 * Repeat `request` (up to 10 s) until it answers `status`; returns that reply. An answer with a
 * `forbidden` status fails at once.
 */
async function eventually<R extends { status: number; text: string }>(
  request: () => Promise<R>,
  status = 200,
  forbidden: readonly number[] = [],
): Promise<R> {
  const deadline = Date.now() + 10_000;
  let last: R | undefined;
  while (Date.now() < deadline) {
    last = await request();
    if (last.status === status) return last;
    if (forbidden.includes(last.status)) {
      throw new Error(`answered ${last.status} while waiting for ${status}: ${last.text}`);
    }
    await sleep(100);
  }
  throw new Error(`expected ${status}, last answer ${last?.status}: ${last?.text}`);
}

/** Users 2..n with the first user's password hash (one argon2 run instead of twenty CLI starts). */
async function cloneUsers(url: string, from: string, emails: readonly string[]): Promise<void> {
  const store = createPostgresStore({ connectionString: url });
  try {
    const template = await store.findByEmail(from);
    if (template === null) throw new Error('template user missing');
    for (const email of emails) {
      await store.create({ ...template, id: crypto.randomUUID(), email });
    }
  } finally {
    await store.close();
  }
}
