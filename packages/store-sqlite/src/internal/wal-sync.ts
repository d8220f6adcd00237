import { closeSync, fsync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';

type Waiter = { resolve(): void; reject(error: unknown): void };

/**
 * Makes committed WAL frames durable without blocking the event loop: `fsync(2)` of the WAL
 * file on the libuv threadpool. Used with `synchronous = NORMAL`, where COMMIT appends to the
 * WAL without syncing; the group-commit queue settles a batch's promises only after a sync
 * that started after its COMMIT has completed, so an acknowledged write is on disk exactly as
 * with `synchronous = FULL` (which runs the same fsync inside COMMIT, on the main thread,
 * stalling every request for its duration).
 *
 * At most one fsync is in flight: batches committed meanwhile wait together for the next one
 * (a second level of group commit), so syncs never crowd the threadpool that WebCrypto and
 * argon2 also use. One descriptor on `<db>-wal` serves every sync: fsync flushes the file,
 * whichever descriptor names it; SQLite keeps the file (only resets it) while it is open.
 */
export class WalSync {
  readonly #path: string;
  #fd: number | undefined;
  #running = false;
  /** Waiting for the next fsync (their COMMIT may have run after the current one started). */
  #next: Waiter[] = [];
  #idle: (() => void)[] = [];

  constructor(databaseFile: string) {
    this.#path = `${databaseFile}-wal`;
  }

  /** Resolves once everything written to the WAL before this call is on stable storage. */
  sync(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#next.push({ resolve, reject });
      if (!this.#running) this.#start();
    });
  }

  /** Wait for pending syncs, then close the descriptor. */
  async close(): Promise<void> {
    if (this.#running) await new Promise<void>((resolve) => this.#idle.push(resolve));
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  #start(): void {
    const group = this.#next.splice(0);
    let fd: number;
    try {
      this.#fd ??= openSync(this.#path, 'r');
      fd = this.#fd;
    } catch (error) {
      // No WAL file yet: nothing was committed to it, so there is nothing to make durable.
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      for (const waiter of group) missing ? waiter.resolve() : waiter.reject(error);
      this.#finished();
      return;
    }
    this.#running = true;
    fsync(fd, (error) => {
      for (const waiter of group) error ? waiter.reject(error) : waiter.resolve();
      this.#finished();
    });
  }

  #finished(): void {
    this.#running = false;
    if (this.#next.length > 0) this.#start();
    else for (const wake of this.#idle.splice(0)) wake();
  }
}

/**
 * With group commit on a file, COMMIT only appends to the WAL (`synchronous = NORMAL`) and the
 * queue fsyncs the WAL on the threadpool before it acknowledges the batch: as durable as
 * `synchronous = FULL`, without stalling the event loop during the fsync. Without group commit
 * (measurements) or in memory, the connection keeps `synchronous = FULL`.
 */
export function enableOffThreadSync(
  sqlite: Database.Database,
  config: { filename: string; groupCommit: boolean },
): WalSync | undefined {
  if (!config.groupCommit || config.filename === ':memory:' || config.filename === '') return;
  if (sqlite.pragma('journal_mode', { simple: true }) !== 'wal') return;
  sqlite.pragma('synchronous = NORMAL');
  return new WalSync(resolve(config.filename));
}
