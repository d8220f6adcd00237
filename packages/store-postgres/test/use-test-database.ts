import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test-support/index.ts';

/** One fresh database for the calling test file, dropped after its last test. */
export function useTestDatabase(prefix: string): { url(): string } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(prefix);
  });
  afterAll(async () => {
    await database?.drop();
  });
  return {
    url() {
      if (!database) throw new Error('test database used outside its file');
      return database.url;
    },
  };
}
