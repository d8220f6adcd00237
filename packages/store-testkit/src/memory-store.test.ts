import { createMemoryStore } from '@tessera/core';
import { runSessionStoreConformance } from './run-session-store-conformance.ts';
import { runUserStoreConformance } from './run-user-store-conformance.ts';

// The reference store proves the suite itself: every check here must hold for it.
const factory = async () => {
  const store = createMemoryStore();
  return { store, cleanup: () => store.close() };
};

runSessionStoreConformance('memory', factory);
runUserStoreConformance('memory', factory);
