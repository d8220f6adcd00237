import type Database from 'better-sqlite3';
import { toStoreError } from './errors.ts';
import type { WalSync } from './wal-sync.ts';

/** A write run synchronously inside the batch transaction; its return value resolves the caller. */
export type WriteOp<T> = () => T;

interface Pending {
  op: WriteOp<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export interface WriteQueueStats {
  /** Transactions committed (or attempted) by the queue. */
  transactions: number;
  /** Write operations applied, successful or not. */
  operations: number;
  /** Largest number of operations that shared one transaction. */
  largestBatch: number;
}

export interface WriteQueueOptions {
  /** Apply every write queued during one event-loop turn in one transaction. */
  groupCommit: boolean;
  /** Upper bound on operations per transaction; the rest go into the next one. */
  maxBatchSize: number;
  /**
   * Off-thread WAL sync (with `synchronous = NORMAL`): a batch settles after its sync.
   * Absent: COMMIT itself is durable (`synchronous = FULL`) and the batch settles at once.
   */
  walSync?: WalSync;
}

/**
 * Group commit. With `synchronous = FULL` every COMMIT waits for an fsync, which caps a
 * one-transaction-per-write store at a few thousand writes per second. Writes queued during
 * one event-loop turn are instead applied in one transaction: each op runs in order inside its
 * own SAVEPOINT (so a failing op, such as a duplicate id, rolls back and rejects alone while
 * the others keep their results and CAS semantics), and every promise settles only after
 * COMMIT returned, i.e. after the batch is durable.
 */
export class WriteQueue {
  readonly #db: Database.Database;
  readonly #control: Control;
  readonly #options: WriteQueueOptions;
  #pending: Pending[] = [];
  #scheduled = false;
  #paused = false;
  readonly #stats: WriteQueueStats = { transactions: 0, operations: 0, largestBatch: 0 };

  constructor(db: Database.Database, options: WriteQueueOptions) {
    this.#db = db;
    this.#control = prepareControl(db);
    this.#options = options;
  }

  enqueue<T>(op: WriteOp<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ op, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#options.groupCommit && !this.#paused) {
        this.#flush();
        return;
      }
      this.#schedule();
    });
  }

  stats(): WriteQueueStats {
    return { ...this.#stats };
  }

  /** Apply everything queued so far, now. */
  drain(): void {
    while (this.#pending.length > 0) this.#flush();
  }

  /** Run `task` (an async Kysely job such as a migration) with no batch transaction in between. */
  async exclusive<T>(task: () => Promise<T>): Promise<T> {
    this.drain();
    this.#paused = true;
    try {
      return await task();
    } finally {
      this.#paused = false;
      if (this.#pending.length > 0) this.#schedule();
    }
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
    this.#stats.transactions += 1;
    this.#stats.operations += batch.length;
    this.#stats.largestBatch = Math.max(this.#stats.largestBatch, batch.length);
    let outcomes: Outcome[];
    try {
      outcomes = this.#runTransaction(batch);
    } catch (error) {
      rejectAll(batch, error);
      return;
    }
    const walSync = this.#options.walSync;
    if (walSync === undefined) settle(batch, outcomes);
    // Nothing is acknowledged before it is durable; the next batch may commit meanwhile.
    else
      walSync.sync().then(
        () => settle(batch, outcomes),
        (error) => rejectAll(batch, error),
      );
  }

  /** BEGIN IMMEDIATE … COMMIT around the batch; throws (after ROLLBACK) if the batch cannot commit. */
  #runTransaction(batch: readonly Pending[]): Outcome[] {
    const control = this.#control;
    control.begin.run();
    try {
      const outcomes = batch.map((item) => runInSavepoint(control, item.op));
      control.commit.run();
      return outcomes;
    } catch (error) {
      if (this.#db.inTransaction) control.rollback.run();
      throw error;
    }
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function settle(batch: readonly Pending[], outcomes: readonly Outcome[]): void {
  batch.forEach((item, index) => {
    const outcome = outcomes[index]!;
    if (outcome.ok) item.resolve(outcome.value);
    else item.reject(outcome.error);
  });
}

/** The batch could not commit, or its commit could not be made durable: every op fails. */
function rejectAll(batch: readonly Pending[], error: unknown): void {
  const failure = toStoreError(error);
  for (const item of batch) item.reject(failure);
}

/**
 * Transaction control as prepared statements: `db.exec` compiles its SQL on every call, which
 * cost more than the writes themselves (five statements per op and batch).
 */
interface Control {
  begin: Database.Statement;
  commit: Database.Statement;
  rollback: Database.Statement;
  savepoint: Database.Statement;
  release: Database.Statement;
  rollbackTo: Database.Statement;
}

function prepareControl(db: Database.Database): Control {
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT op'),
    release: db.prepare('RELEASE op'),
    rollbackTo: db.prepare('ROLLBACK TO op'),
  };
}

function runInSavepoint(control: Control, op: WriteOp<unknown>): Outcome {
  control.savepoint.run();
  try {
    const value = op();
    control.release.run();
    return { ok: true, value };
  } catch (error) {
    control.rollbackTo.run();
    control.release.run();
    return { ok: false, error: toStoreError(error) };
  }
}
