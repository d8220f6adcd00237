import { createSessionEngine } from '@tessera/core';
import { MINUTE, sessionFixture, T0, tokenFor } from '@tessera/store-testkit';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresStore, type PostgresStore } from '../src/index.ts';
import { postgresAvailable } from '../test-support/index.ts';
import { useTestDatabase } from './use-test-database.ts';

const hasPostgres = await postgresAvailable();

/** Backends of this database waiting on a row lock (the racers queued behind the blocker). */
async function lockWaiters(admin: pg.Client): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return rows[0]?.n ?? 0;
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!hasPostgres)('PostgreSQL races over real parallel connections', () => {
  const database = useTestDatabase('race');
  let store: PostgresStore;
  let admin: pg.Client;
  let observer: pg.Client;
  let schema = 0;

  beforeEach(async () => {
    schema += 1;
    store = createPostgresStore({
      connectionString: database.url(),
      schema: `race_${schema}`,
      pool: { max: 22 },
    });
    await store.migrate();
    admin = new pg.Client({ connectionString: database.url() });
    await admin.connect();
    // Outside any transaction: pg_stat_activity is a snapshot inside one.
    observer = new pg.Client({ connectionString: database.url() });
    await observer.connect();
  });
  afterEach(async () => {
    await admin.end();
    await observer.end();
    await store.close();
  });

  it('20 rotations queued on the same row lock: exactly one wins, the losers write nothing', async () => {
    const session = sessionFixture();
    await store.create(session, tokenFor(session));
    // Hold the row so all 20 rotations are in flight at once, each on its own backend.
    await admin.query('BEGIN');
    await admin.query(`SELECT 1 FROM race_${schema}.sessions WHERE id = $1 FOR UPDATE`, [
      session.id,
    ]);
    const racing = Array.from({ length: 20 }, (_, i) =>
      store.rotate({
        sessionId: session.id,
        expectedVersion: 1,
        newToken: { hash: `h_race_${i}`, sessionId: session.id, generation: 2, issuedAt: T0 },
        refreshGraceUntil: T0 + 30_000,
        refreshExpiresAt: T0 + 60 * MINUTE,
      }),
    );
    await until(async () => (await lockWaiters(observer)) === 20);
    await admin.query('COMMIT');
    const results = await Promise.all(racing);
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ version: 2, refreshGeneration: 2 });
    const { rows } = await admin.query(
      `SELECT hash FROM race_${schema}.refresh_tokens WHERE generation = 2`,
    );
    expect(rows).toEqual([{ hash: winners[0]?.refreshTokenHash }]);
  });

  it('engine: ten parallel refreshes succeed with one current token; a replay after grace revokes', async () => {
    let now = Date.now();
    const engine = createSessionEngine({
      store,
      keyStore: store,
      refreshGrace: 30_000,
      clock: { now: () => now },
    });
    try {
      const first = await engine.signIn({
        user: { id: 'user_1', roles: ['member'] },
        rememberMe: false,
        device: { type: 'desktop', name: 'Test', browser: null, os: null, userAgent: null },
        ip: null,
        location: null,
      });
      const results = await Promise.all(
        Array.from({ length: 10 }, () => engine.refresh(first.refreshToken)),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      // Every refresh got its own successor token (siblings within the grace window), all of
      // generation 2, and the session points at exactly one of them.
      const { rows } = await admin.query<{ generation: number; n: number }>(
        `SELECT generation, count(*)::int AS n FROM race_${schema}.refresh_tokens
         WHERE session_id = $1 GROUP BY generation ORDER BY generation`,
        [first.session.id],
      );
      expect(rows).toEqual([
        { generation: 1, n: 1 },
        { generation: 2, n: 10 },
      ]);
      expect(await store.get(first.session.id)).toMatchObject({
        refreshGeneration: 2,
        revokedAt: null,
      });

      now += 31_000;
      expect(await engine.refresh(first.refreshToken)).toMatchObject({
        ok: false,
        code: 'refresh_token_reused',
      });
      expect(await store.get(first.session.id)).toMatchObject({
        revokedReason: 'refresh_token_reused',
      });
    } finally {
      await engine.close();
    }
  });

  it('overlapping touch batches and revoke-all in parallel: no deadlock, no lost increment', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `sess_${String(i).padStart(2, '0')}`);
    for (const id of ids) {
      const s = sessionFixture({ id, requestCount: 0, bytesSent: 0, idleExpiresAt: T0 + MINUTE });
      await store.create(s, tokenFor(s));
    }
    // Each batch touches every session, in a different order (a naive UPDATE could deadlock).
    const batches = Array.from({ length: 12 }, (_, b) =>
      [...ids]
        .sort(() => (b % 2 === 0 ? 1 : -1) * (Math.random() - 0.3))
        .map((sessionId) => ({
          sessionId,
          lastActiveAt: T0 + b * 1000,
          requestCount: 1,
          bytesSent: 10,
        })),
    );
    await Promise.all(batches.map((batch) => store.touch(batch)));
    const sessions = await Promise.all(ids.map((id) => store.get(id)));
    for (const s of sessions) {
      expect(s).toMatchObject({ requestCount: 12, bytesSent: 120, lastActiveAt: T0 + 11_000 });
      // Monotonic: the latest activity wins whatever the commit order was.
      expect(s?.idleExpiresAt).toBe(T0 + 11_000 + 15 * MINUTE);
    }
    // A revoke-all racing more touches: every session ends revoked, touches after it are no-ops.
    const [ended] = await Promise.all([
      store.revokeForUser({ userId: 'user_1', reason: 'admin', at: T0 + 20_000 }),
      ...batches.slice(0, 4).map((batch) => store.touch(batch)),
    ]);
    expect(ended).toHaveLength(40);
    expect(await store.listForUser('user_1', T0 + 20_000)).toEqual([]);
  });
});
