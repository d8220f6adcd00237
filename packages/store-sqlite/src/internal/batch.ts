import type Database from 'better-sqlite3';
import { toStoreError } from './errors.ts';
import { executeOp, isRead, type OpStatements, type StoreOp } from './store-ops.ts';

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface BatchStats {
  /** Transactions committed (or attempted). */
  transactions: number;
  /** Write operations applied, successful or not. */
  operations: number;
  /** Largest number of write operations that shared one transaction. */
  largestBatch: number;
  /** Transactions applied a second time, with a savepoint per op, because an op failed. */
  replayed: number;
}

export function emptyBatchStats(): BatchStats {
  return { transactions: 0, operations: 0, largestBatch: 0, replayed: 0 };
}

/**
 * Transaction control as prepared statements: `db.exec` compiles its SQL on every call, which
 * cost more than the writes themselves (five statements per op and batch).
 */
export interface Control {
  begin: Database.Statement;
  commit: Database.Statement;
  rollback: Database.Statement;
  savepoint: Database.Statement;
  release: Database.Statement;
  rollbackTo: Database.Statement;
}

export function prepareControl(db: Database.Database): Control {
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT op'),
    release: db.prepare('RELEASE op'),
    rollbackTo: db.prepare('ROLLBACK TO op'),
  };
}

/** Reads, each on its own snapshot (outside any write transaction), in order. */
export function runReads(q: () => OpStatements, ops: readonly StoreOp[]): Outcome[] {
  return ops.map((op) => attempt(() => executeOp(q(), op)));
}

/**
 * Group commit. With `synchronous = FULL` every COMMIT waits for an fsync, which caps a
 * one-transaction-per-write store at a few thousand writes per second. The writes of a batch
 * are instead applied in one transaction, in order. Should one fail (a duplicate id), the
 * transaction is undone and applied again with each op inside its own SAVEPOINT, so that the
 * failing op (all of its statements) rolls back and rejects alone while the others keep their
 * results and compare-and-set semantics. Savepoints only then: they were two statements more
 * per op on every refresh. If the batch cannot commit, every write in it fails.
 */
export function runWrites(
  db: Database.Database,
  control: Control,
  q: () => OpStatements,
  ops: readonly StoreOp[],
  stats: BatchStats,
): Outcome[] {
  if (ops.length === 0) return [];
  stats.transactions += 1;
  stats.operations += ops.length;
  stats.largestBatch = Math.max(stats.largestBatch, ops.length);
  try {
    const statements = q();
    control.begin.run();
    let outcomes: Outcome[];
    try {
      outcomes = ops.map((op) => ({ ok: true, value: executeOp(statements, op) }));
    } catch {
      stats.replayed += 1;
      // Rare (a duplicate id): undo the whole transaction and apply the batch again with a
      // savepoint per op, so that the failing op rejects alone and the others keep the results
      // they had. Replaying from the same state in the same order gives the same outcomes.
      if (db.inTransaction) control.rollback.run();
      control.begin.run();
      outcomes = ops.map((op) => inSavepoint(control, () => executeOp(statements, op)));
    }
    control.commit.run();
    return outcomes;
  } catch (error) {
    if (db.inTransaction) control.rollback.run();
    const failure = toStoreError(error);
    return ops.map(() => ({ ok: false, error: failure }));
  }
}

/** Splits a batch into its reads and its writes, keeping each op's position. */
export function partition(ops: readonly StoreOp[]): { reads: number[]; writes: number[] } {
  const reads: number[] = [];
  const writes: number[] = [];
  ops.forEach((op, index) => {
    (isRead(op) ? reads : writes).push(index);
  });
  return { reads, writes };
}

function attempt(run: () => unknown): Outcome {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error: toStoreError(error) };
  }
}

function inSavepoint(control: Control, run: () => unknown): Outcome {
  control.savepoint.run();
  try {
    const value = run();
    control.release.run();
    return { ok: true, value };
  } catch (error) {
    control.rollbackTo.run();
    control.release.run();
    return { ok: false, error: toStoreError(error) };
  }
}
