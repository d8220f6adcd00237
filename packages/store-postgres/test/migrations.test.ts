import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../src/index.ts';
import { postgresAvailable } from '../test-support/index.ts';
import { useTestDatabase } from './use-test-database.ts';

const hasPostgres = await postgresAvailable();

describe.skipIf(!hasPostgres)('PostgreSQL migrations', () => {
  const database = useTestDatabase('migrations');
  let admin: pg.Client;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: database.url() });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
  });

  const storeIn = (schema: string) =>
    createPostgresStore({ connectionString: database.url(), schema });

  it('a second migrate() applies nothing and keeps the data', async () => {
    const store = storeIn('twice');
    try {
      expect(await store.migrate()).toEqual({ applied: [1], current: 1 });
      await store.addKey({
        kid: 'k1',
        alg: 'EdDSA',
        privateJwk: '{}',
        publicJwk: '{}',
        createdAt: 1,
        retiredAt: null,
      });
      expect(await store.migrate()).toEqual({ applied: [], current: 1 });
      expect((await store.listKeys()).map((k) => k.kid)).toEqual(['k1']);
    } finally {
      await store.close();
    }
  });

  it('eight instances migrating at once: one applies, the rest find nothing to do', async () => {
    const stores = Array.from({ length: 8 }, () => storeIn('concurrent'));
    try {
      const results = await Promise.all(stores.map((s) => s.migrate()));
      expect(results.filter((r) => r.applied.length > 0)).toEqual([{ applied: [1], current: 1 }]);
      expect(results.every((r) => r.current === 1)).toBe(true);
      const { rows } = await admin.query(
        'SELECT version FROM concurrent.tessera_migrations ORDER BY version',
      );
      expect(rows).toEqual([{ version: 1 }]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('a schema migrated by a newer release is left alone (rolling upgrade)', async () => {
    const store = storeIn('newer');
    try {
      await store.migrate();
      await admin.query(
        "INSERT INTO newer.tessera_migrations (version, name) VALUES (2, 'from the future')",
      );
      expect(await store.migrate()).toEqual({ applied: [], current: 2 });
      await store.ping();
    } finally {
      await store.close();
    }
  });

  it('creates the tables and the indexes the workload needs', async () => {
    const store = storeIn('indexes');
    try {
      await store.migrate();
      const { rows } = await admin.query<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE schemaname = 'indexes' ORDER BY indexname",
      );
      expect(rows.map((r) => r.indexname)).toEqual(
        expect.arrayContaining([
          'sessions_user_live_idx',
          'sessions_ends_at_idx',
          'sessions_revoked_at_idx',
          'refresh_tokens_pkey',
          'refresh_tokens_session_id_idx',
          'users_email_key',
          'audit_events_user_at_idx',
        ]),
      );
    } finally {
      await store.close();
    }
  });

  it('calls before migrate() fail closed with StoreUnavailableError, not a null answer', async () => {
    const store = storeIn('unmigrated');
    try {
      await expect(store.get('sess_1')).rejects.toMatchObject({ code: 'unavailable' });
    } finally {
      await store.close();
    }
  });
});
