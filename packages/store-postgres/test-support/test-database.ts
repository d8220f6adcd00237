import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where PostgreSQL tests connect: env TESSERA_TEST_POSTGRES_URL, else the local `test` db. */
export function postgresTestUrl(): string {
  return process.env.TESSERA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/** Same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

let probe: Promise<boolean> | undefined;

/**
 * Whether PostgreSQL answers at postgresTestUrl(). When it does not, prints a visible notice
 * (tests then skip) — unless TESSERA_REQUIRE_SERVICES=1, where it throws so CI fails.
 * Use at module level: `const hasPostgres = await postgresAvailable();` then
 * `describe.skipIf(!hasPostgres)(...)`.
 */
export function postgresAvailable(): Promise<boolean> {
  probe ??= (async () => {
    const client = new pg.Client({
      connectionString: postgresTestUrl(),
      connectionTimeoutMillis: 3000,
    });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      if (process.env.TESSERA_REQUIRE_SERVICES === '1') {
        throw new Error(
          `PostgreSQL is required (TESSERA_REQUIRE_SERVICES=1) but unreachable: ${why}`,
        );
      }
      console.warn(
        `\n[tessera] PostgreSQL unreachable at ${redact(postgresTestUrl())} (${why}): SKIPPING PostgreSQL tests. ` +
          'Set TESSERA_TEST_POSTGRES_URL, or TESSERA_REQUIRE_SERVICES=1 to fail instead.\n',
      );
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return probe;
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** A throwaway database: `url` connects to it, `drop()` removes it (connections and all). */
export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: postgresTestUrl(),
    connectionTimeoutMillis: 5000,
  });
  client.on('error', () => {});
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * CREATE DATABASE tessera_test_<prefix>_<random> on the test server (from template0, so a
 * session left on template1 by someone else cannot block it). Drop it when done.
 */
export async function createTestDatabase(prefix = 'db'): Promise<TestDatabase> {
  const safePrefix = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 20);
  const name = `tessera_test_${safePrefix}_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE template0`));
  let dropped = false;
  return {
    name,
    url: withDatabase(postgresTestUrl(), name),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
