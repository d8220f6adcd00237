import pg from 'pg';
import { LOCK_CLASS_ID, lockObjectName } from '../internal/advisory-lock.ts';
import { clientConfig } from '../internal/pool.ts';
import { guard } from '../internal/unavailable.ts';
import type { ResolvedPostgresOptions } from '../options.ts';
import { migrations as allMigrations } from './all-migrations.ts';
import type { Migration } from './migration.ts';

export interface MigrationResult {
  /** Versions applied by this call (empty when the schema was already current). */
  applied: number[];
  /** Highest version in the database afterwards (may be newer than this code knows). */
  current: number;
}

/**
 * Bring the schema up to date. Everything runs in one transaction under a transaction-level
 * advisory lock, so concurrent callers (several instances starting at once) queue up: the
 * first applies the missing steps, the others then find nothing to do. A database already
 * migrated by a newer release is left alone (old code runs on the expanded schema).
 */
export async function runMigrations(
  options: ResolvedPostgresOptions,
  list: readonly Migration[] = allMigrations,
): Promise<MigrationResult> {
  return guard('migrate', async () => {
    const client = new pg.Client(clientConfig(options, options.migrationTimeoutMs));
    client.on('error', () => {});
    await client.connect();
    try {
      await client.query('BEGIN');
      const result = await migrateLocked(client, options.schema, list);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      await client.end().catch(() => {});
    }
  });
}

async function migrateLocked(
  client: pg.Client,
  schema: string,
  list: readonly Migration[],
): Promise<MigrationResult> {
  await client.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [
    LOCK_CLASS_ID,
    lockObjectName(schema, 'migrate'),
  ]);
  const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  // The schema name is validated as a plain identifier at construction.
  if (exists.rowCount === 0) await client.query(`CREATE SCHEMA "${schema}"`);
  await client.query(`SET LOCAL search_path TO "${schema}"`);
  await client.query(`CREATE TABLE IF NOT EXISTS tessera_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const done = await client.query<{ version: number }>('SELECT version FROM tessera_migrations');
  const have = new Set(done.rows.map((row) => row.version));
  const applied: number[] = [];
  for (const migration of [...list].sort((a, b) => a.version - b.version)) {
    if (have.has(migration.version)) continue;
    for (const statement of migration.statements) await client.query(statement);
    await client.query('INSERT INTO tessera_migrations (version, name) VALUES ($1, $2)', [
      migration.version,
      migration.name,
    ]);
    applied.push(migration.version);
  }
  const current = Math.max(0, ...have, ...applied);
  return { applied, current };
}
