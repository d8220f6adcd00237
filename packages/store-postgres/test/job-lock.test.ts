import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresJobLock, createPostgresStore, type PostgresStore } from '../src/index.ts';
import { postgresAvailable } from '../test-support/index.ts';
import { useTestDatabase } from './use-test-database.ts';

const hasPostgres = await postgresAvailable();

describe.skipIf(!hasPostgres)('createPostgresJobLock (session-level advisory locks)', () => {
  const database = useTestDatabase('joblock');
  let a: PostgresStore;
  let b: PostgresStore;

  // Two instances of the service on one database.
  beforeEach(async () => {
    a = createPostgresStore({ connectionString: database.url() });
    b = createPostgresStore({ connectionString: database.url() });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  it('one holder at a time; release lets the other take it', async () => {
    const lockA = createPostgresJobLock(a);
    const lockB = createPostgresJobLock(b);
    expect(await lockA.tryAcquire('cleanup', 60_000)).toBe(true);
    expect(await lockB.tryAcquire('cleanup', 60_000)).toBe(false);
    expect(await lockA.tryAcquire('cleanup', 60_000)).toBe(false); // not re-entrant
    expect(await lockB.tryAcquire('other-job', 60_000)).toBe(true);
    await lockA.release('cleanup');
    expect(await lockB.tryAcquire('cleanup', 60_000)).toBe(true);
    await lockB.close();
  });

  it('concurrent tryAcquire from many instances: exactly one wins', async () => {
    const locks = [createPostgresJobLock(a), createPostgresJobLock(b), createPostgresJobLock(a)];
    const taken = await Promise.all(locks.map((l) => l.tryAcquire('cleanup', 60_000)));
    expect(taken.filter(Boolean)).toHaveLength(1);
    await Promise.all(locks.map((l) => l.close()));
  });

  it('the lock ends after ttlMs even without release', async () => {
    const lockA = createPostgresJobLock(a);
    const lockB = createPostgresJobLock(b);
    expect(await lockA.tryAcquire('cleanup', 100)).toBe(true);
    expect(await lockB.tryAcquire('cleanup', 60_000)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await lockB.tryAcquire('cleanup', 60_000)).toBe(true);
    await lockB.close();
  });

  it('a holder whose connection dies loses the lock at once (no TTL wait)', async () => {
    const lockA = createPostgresJobLock(a);
    const lockB = createPostgresJobLock(b);
    expect(await lockA.tryAcquire('cleanup', 600_000)).toBe(true);
    const admin = new pg.Client({ connectionString: database.url() });
    await admin.connect();
    try {
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND database =
           (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
    } finally {
      await admin.end();
    }
    expect(await lockB.tryAcquire('cleanup', 60_000)).toBe(true);
    await lockB.close();
  });

  it('locks are scoped to the store schema', async () => {
    const other = createPostgresStore({ connectionString: database.url(), schema: 'tenant_2' });
    try {
      expect(await createPostgresJobLock(a).tryAcquire('cleanup', 60_000)).toBe(true);
      expect(await createPostgresJobLock(other).tryAcquire('cleanup', 60_000)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it("the store's close() releases its locks instead of hanging", async () => {
    expect(await createPostgresJobLock(a).tryAcquire('cleanup', 600_000)).toBe(true);
    await a.close();
    expect(await createPostgresJobLock(b).tryAcquire('cleanup', 60_000)).toBe(true);
  });
});
