import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCleanup } from './commands/serve.ts';
import { openStore } from './open-store.ts';
import { createHarness } from './test-support/harness.ts';
import { POSTGRES_URL, REDIS_URL, serviceAvailable } from './test-support/services.ts';

const redisUp = await serviceAvailable('Redis', REDIS_URL, 6379);
const postgresUp = await serviceAvailable('PostgreSQL', POSTGRES_URL, 5432);

describe.skipIf(!redisUp)('TESSERA_REDIS_URL (real Redis)', () => {
  it('adds a revocation feed, shared rate limits and a job lock to any database', async () => {
    const prefix = `tessera-cli-test-${randomBytes(6).toString('hex')}:`;
    const stores = await openStore({
      databaseUrl: 'memory:',
      redisUrl: `${REDIS_URL}?prefix=${encodeURIComponent(prefix)}`,
    });
    try {
      expect(stores.revocationFeed).toBeDefined();
      expect(stores.rateLimits).toBeDefined();
      expect(stores.jobLock).toBeDefined();
      const now = Date.now();
      expect((await stores.rateLimits!.hit('k', 60_000, now)).count).toBe(1);
      await stores.rateLimits!.reset('k');
      // The cleanup job runs only where the lock is taken.
      expect(await stores.jobLock!.tryAcquire('tessera:cleanup', 60_000)).toBe(true);
      const harness = await createHarness('memory');
      const side = await harness.open();
      expect(await runCleanup(side.engine, stores.jobLock)).toBe(0);
      await side.close();
      await harness.dispose();
      await stores.jobLock!.release('tessera:cleanup');
    } finally {
      await stores.close();
    }
  });
});

describe.skipIf(!postgresUp)('postgres:// (real PostgreSQL)', () => {
  it('runs the CLI against a fresh database', async () => {
    const pg = (await import('pg')).default;
    const name = `tessera_cli_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    const h = await createHarness('sqlite');
    h.env.TESSERA_DATABASE_URL = url.toString();
    try {
      expect((await h.run(['migrate'])).code).toBe(0);
      const added = await h.run(['users', 'add', 'pg@example.com', '--password', 'pg password']);
      expect(added.code, added.stderr).toBe(0);
      expect((await h.run(['users', 'list'])).stdout).toContain('pg@example.com');
      expect((await h.run(['cleanup'])).code).toBe(0);
    } finally {
      await h.dispose();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
