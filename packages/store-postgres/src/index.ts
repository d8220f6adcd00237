export type {
  AuditEventInput,
  AuditEventRecord,
  ListAuditEventsInput,
} from './audit/audit-events.ts';
export type { PostgresStore } from './create-postgres-store.ts';
export { createPostgresStore } from './create-postgres-store.ts';
export type { PostgresJobLock } from './job-lock.ts';
export { createPostgresJobLock } from './job-lock.ts';
export type { MigrationResult } from './migrations/run-migrations.ts';
export type { PostgresStoreOptions } from './options.ts';
