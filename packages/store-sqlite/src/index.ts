export type { SqliteStore, SqliteStoreOptions, SqliteStoreStats } from './create-sqlite-store.ts';
export { createSqliteStore } from './create-sqlite-store.ts';
