import { runSessionStoreConformance, runUserStoreConformance } from '@tessera/store-testkit';
import { describe } from 'vitest';
import { createPostgresStore } from '../src/index.ts';
import { postgresAvailable } from '../test-support/index.ts';
import { useTestDatabase } from './use-test-database.ts';

const hasPostgres = await postgresAvailable();

describe.skipIf(!hasPostgres)('PostgreSQL store', () => {
  const database = useTestDatabase('conformance');
  let next = 0;
  // Every test gets an empty store: a new schema in this file's database.
  const factory = async () => {
    next += 1;
    const store = createPostgresStore({
      connectionString: database.url(),
      schema: `conformance_${next}`,
      // More connections than the suite's 20 racing rotations: they really run in parallel.
      pool: { max: 24 },
    });
    await store.migrate();
    return { store, cleanup: () => store.close() };
  };
  runSessionStoreConformance('postgres', factory);
  runUserStoreConformance('postgres', factory);
});
