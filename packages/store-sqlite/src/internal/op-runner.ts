import type { BatchStats } from './batch.ts';
import type { StoreOp } from './store-ops.ts';

/** Runs store ops: on the main thread (InlineRunner) or on the writer thread (WorkerRunner). */
export interface OpRunner {
  run(op: StoreOp): Promise<unknown>;
  stats(): BatchStats;
  /** Run `task` (a Kysely migration on the main connection) with no batch in between. */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  /** Apply everything queued, then stop. Later ops reject as unavailable. */
  close(): Promise<void>;
}

export interface RunnerOptions {
  /** Apply every write queued during one event-loop turn in one transaction. */
  groupCommit: boolean;
  /** Upper bound on operations per transaction; the rest go into the next one. */
  maxBatchSize: number;
}
