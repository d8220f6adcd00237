import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

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
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
