import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * WAL pages between automatic checkpoints (SQLite's default is 1,000, ~4 MiB). A checkpoint
 * costs ~7 ms of the writing thread's time whatever its size (two fsyncs and the copy of the
 * hot pages, which are mostly the same pages each time), so under refresh load the default
 * stalled the SQLite thread a dozen times a second; every 10,000 pages (~40 MiB of WAL) it is
 * about once a second: +13 % refreshes/s, interleaved A/B (docs/performance.md).
 */
export const WAL_CHECKPOINT_PAGES = 10_000;

export interface OpenOptions {
  filename: string;
  busyTimeoutMs: number;
}

/**
 * Open the file with the settings durability depends on:
 * - WAL: readers never block the writer, and a commit is one sequential append.
 * - synchronous = FULL: COMMIT returns only after the WAL is fsynced, so an acknowledged
 *   rotation survives a power loss (NORMAL could lose the last commits).
 * - busy_timeout: wait for a lock held by another process (the CLI) instead of failing.
 * - foreign_keys: refresh tokens are deleted with their session (ON DELETE CASCADE).
 * - wal_autocheckpoint: see WAL_CHECKPOINT_PAGES.
 */
export function openDatabase(options: OpenOptions): Database.Database {
  if (options.filename !== ':memory:' && options.filename !== '') {
    mkdirSync(dirname(options.filename), { recursive: true });
  }
  const db = new Database(options.filename);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
    db.pragma('foreign_keys = ON');
    db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
