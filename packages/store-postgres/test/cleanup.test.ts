import { HOUR, MINUTE, sessionFixture, T0, tokenFor } from '@tessera/store-testkit';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresStore, type PostgresStore } from '../src/index.ts';
import { postgresAvailable } from '../test-support/index.ts';
import { useTestDatabase } from './use-test-database.ts';

const hasPostgres = await postgresAvailable();

describe.skipIf(!hasPostgres)('PostgreSQL cleanup batches', () => {
  const database = useTestDatabase('cleanup');
  let store: PostgresStore;
  let schema = '';
  let n = 0;

  async function seed(count: number, idleExpiresAt: number, prefix: string) {
    for (let i = 0; i < count; i++) {
      const s = sessionFixture({ id: `${prefix}_${i}`, idleExpiresAt });
      await store.create(s, tokenFor(s));
    }
  }

  beforeEach(async () => {
    n += 1;
    schema = `cleanup_${n}`;
    store = createPostgresStore({ connectionString: database.url(), schema, cleanupPauseMs: 150 });
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
  });

  it('deletes in batches, spacing consecutive batches by cleanupPauseMs', async () => {
    await seed(7, T0 + MINUTE, 'old');
    await seed(2, T0 + 2 * HOUR, 'live');
    const counts: number[] = [];
    const started = performance.now();
    for (;;) {
      const deleted = await store.deleteExpired(T0 + HOUR, 3);
      counts.push(deleted);
      if (deleted < 3) break;
    }
    const elapsed = performance.now() - started;
    expect(counts).toEqual([3, 3, 1]);
    // Three batches, two pauses between them.
    expect(elapsed).toBeGreaterThanOrEqual(2 * 150 - 5);
    expect((await store.listForUser('user_1', T0)).map((s) => s.id).sort()).toEqual([
      'live_0',
      'live_1',
    ]);
  });

  it('skips rows another transaction holds instead of waiting for them', async () => {
    await seed(3, T0 + MINUTE, 'old');
    const holder = new pg.Client({ connectionString: database.url() });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM ${schema}.sessions WHERE id = 'old_0' FOR UPDATE`);
      const started = performance.now();
      expect(await store.deleteExpired(T0 + HOUR, 10)).toBe(2);
      expect(performance.now() - started).toBeLessThan(2000);
      await holder.query('COMMIT');
      expect(await store.deleteExpired(T0 + HOUR, 10)).toBe(1);
    } finally {
      await holder.end();
    }
  });

  it('uses the expiry index rather than scanning every session', async () => {
    const admin = new pg.Client({ connectionString: database.url() });
    await admin.connect();
    try {
      await admin.query(`SET search_path TO ${schema}`);
      await admin.query('SET enable_seqscan = off');
      const { rows } = await admin.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM sessions
         WHERE LEAST(idle_expires_at, absolute_expires_at, refresh_expires_at) < 5
            OR revoked_at < 5 LIMIT 10`,
      );
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain('sessions_ends_at_idx');
      expect(plan).toContain('sessions_revoked_at_idx');
    } finally {
      await admin.end();
    }
  });
});
