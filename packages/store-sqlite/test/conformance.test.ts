import { runSessionStoreConformance, runUserStoreConformance } from '@tessera/store-testkit';
import { createSqliteStore } from '../src/index.ts';
import { useTempDir } from './temp-dir.ts';

const temp = useTempDir('conformance');

const factory = async () => {
  const store = createSqliteStore({ filename: temp.file() });
  await store.migrate();
  return { store, cleanup: () => store.close() };
};

runSessionStoreConformance('sqlite', factory);
runUserStoreConformance('sqlite', factory);
