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

// The same verbs on the main thread (worker: false), the mode of in-memory databases.
const onMainThread = async () => {
  const store = createSqliteStore({ filename: temp.file(), worker: false });
  await store.migrate();
  return { store, cleanup: () => store.close() };
};
runSessionStoreConformance('sqlite on the main thread', onMainThread);
runUserStoreConformance('sqlite on the main thread', onMainThread);
