import { StoreUnavailableError } from '@tessera/core';
import type Database from 'better-sqlite3';
import {
  type BatchStats,
  type Control,
  emptyBatchStats,
  type Outcome,
  prepareControl,
  runReads,
  runWrites,
} from './batch.ts';
import type { OpRunner, RunnerOptions } from './op-runner.ts';
import { isRead, type OpStatements, prepareOpStatements, type StoreOp } from './store-ops.ts';

interface Pending {
  op: StoreOp;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Ops on the main thread's connection (in-memory databases, `worker: false`): a read runs at
 * once, writes wait for the end of the event-loop turn and commit together (or one by one
 * without group commit). COMMIT itself is durable (`synchronous = FULL`), so its fsync runs on
 * the event loop: the SQLite thread (WorkerRunner) is the default for files.
 */
export class InlineRunner implements OpRunner {
  readonly #db: Database.Database;
  readonly #options: RunnerOptions;
  readonly #control: Control;
  #statements: OpStatements | undefined;
  #pending: Pending[] = [];
  #scheduled = false;
  #paused = false;
  readonly #stats: BatchStats = emptyBatchStats();

  constructor(db: Database.Database, options: RunnerOptions) {
    this.#db = db;
    this.#options = options;
    this.#control = prepareControl(db);
  }

  run(op: StoreOp): Promise<unknown> {
    if (!this.#db.open)
      return Promise.reject(new StoreUnavailableError('The SQLite store is closed'));
    if (isRead(op)) {
      const [outcome] = runReads(this.#prepared, [op]);
      return outcome!.ok ? Promise.resolve(outcome!.value) : Promise.reject(outcome!.error);
    }
    return new Promise((resolve, reject) => {
      this.#pending.push({ op, resolve, reject });
      if (!this.#options.groupCommit && !this.#paused) this.#flush();
      else this.#schedule();
    });
  }

  stats(): BatchStats {
    return { ...this.#stats };
  }

  async exclusive<T>(task: () => Promise<T>): Promise<T> {
    this.#drain();
    this.#paused = true;
    try {
      return await task();
    } finally {
      this.#paused = false;
      if (this.#pending.length > 0) this.#schedule();
    }
  }

  async close(): Promise<void> {
    this.#drain();
  }

  // Prepared on first use: the tables exist only after migrate().
  readonly #prepared = (): OpStatements => (this.#statements ??= prepareOpStatements(this.#db));

  #drain(): void {
    while (this.#pending.length > 0) this.#flush();
  }

  #schedule(): void {
    if (this.#scheduled || this.#paused) return;
    this.#scheduled = true;
    // setImmediate runs after the poll phase, so every request that arrived in this turn's I/O
    // callbacks (and their microtasks) has already queued its write.
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#paused) return;
      this.#flush();
      if (this.#pending.length > 0) this.#schedule();
    });
  }

  #flush(): void {
    const limit = this.#options.groupCommit ? this.#options.maxBatchSize : 1;
    const batch = this.#pending.splice(0, limit);
    if (batch.length === 0) return;
    const ops = batch.map((p) => p.op);
    const outcomes = runWrites(this.#db, this.#control, this.#prepared, ops, this.#stats);
    settle(batch, outcomes);
  }
}

function settle(batch: readonly Pending[], outcomes: readonly Outcome[]): void {
  batch.forEach((item, index) => {
    const outcome = outcomes[index]!;
    if (outcome.ok) item.resolve(outcome.value);
    else item.reject(outcome.error);
  });
}
