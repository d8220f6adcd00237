import { initialSchema } from './0001-initial-schema.ts';
import type { Migration } from './migration.ts';

/** Every migration, oldest first. Append only. */
export const migrations: readonly Migration[] = [initialSchema];
