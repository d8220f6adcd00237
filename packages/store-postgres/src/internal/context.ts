import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { ResolvedPostgresOptions } from '../options.ts';
import type { Database } from './db-types.ts';

/** What every operation module gets: the schema-bound Kysely instance and the options. */
export interface StoreContext {
  db: Kysely<Database>;
  options: ResolvedPostgresOptions;
}

/** A schema-qualified table name for raw SQL (the query builder adds the schema itself). */
export function table(ctx: StoreContext, name: keyof Database): RawBuilder<unknown> {
  return sql.table(`${ctx.options.schema}.${name}`);
}
