import { Worker } from 'node:worker_threads';
import { StoreUnavailableError } from '@tessera/core';
import { type BatchStats, emptyBatchStats } from './batch.ts';
import type { OpRunner, RunnerOptions } from './op-runner.ts';
import type { StoreOp } from './store-ops.ts';
import { workerExecArgv } from './worker-exec-argv.ts';
import { deserializeError, type WorkerReply, type WorkerRequest } from './worker-protocol.ts';

/**
 * Ops queued in one event-loop turn go to the thread in messages of this many as they fill up,
 * and the rest when the turn ends. Under load one turn reads dozens of requests (several ms of
 * the event loop); sent only at its end, they left the thread idle while the event loop parsed
 * them and the event loop idle while the thread applied them. Interleaved A/B under refresh
 * load: +18 % refreshes/s at the median (two runs of 8 pairs), no gain from 8 or 32 instead.
 * The thread still takes every message waiting when it starts a round as one transaction.
 */
export const SEND_EARLY_AT = 16;

interface Pending {
  op: StoreOp;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Runs ops on a thread with its own connection, so the event loop never waits on a query, a
 * COMMIT, a checkpoint or an fsync. Ops queued during one event-loop turn travel together, in
 * messages of up to SEND_EARLY_AT; the thread answers reads at once and commits the writes in
 * one transaction (group commit), answering them once COMMIT has fsynced the WAL (see
 * sqlite-worker.ts). Results come back as plain rows. Reads go to the same thread: a second
 * connection on the main thread would find the file changed after every commit and drop its
 * page cache each time.
 *
 * The thread is started on first use (after migrate()); if it dies, pending ops reject as
 * unavailable and the next op starts a new one.
 */
export class WorkerRunner implements OpRunner {
  readonly #config: { filename: string; busyTimeoutMs: number };
  readonly #options: RunnerOptions;
  #worker: Worker | undefined;
  #queued: Pending[] = [];
  /** Batches sent to the thread, by id, with how many of their ops are still unanswered. */
  readonly #inFlight = new Map<number, { items: Pending[]; remaining: number }>();
  #nextId = 0;
  #scheduled = false;
  #paused = false;
  #closed = false;
  #idle: (() => void)[] = [];
  readonly #stats: BatchStats = emptyBatchStats();

  readonly #script: URL;

  /** `script`: the thread's entry point (tests substitute one that fails). */
  constructor(
    config: { filename: string; busyTimeoutMs: number },
    options: RunnerOptions,
    script = new URL('./sqlite-worker.ts', import.meta.url),
  ) {
    this.#config = config;
    this.#options = options;
    this.#script = script;
  }

  run(op: StoreOp): Promise<unknown> {
    if (this.#closed)
      return Promise.reject(new StoreUnavailableError('The SQLite store is closed'));
    return new Promise((resolve, reject) => {
      this.#queued.push({ op, resolve, reject });
      if (this.#queued.length >= SEND_EARLY_AT && !this.#paused) this.#flush();
      else this.#schedule();
    });
  }

  stats(): BatchStats {
    return { ...this.#stats };
  }

  async exclusive<T>(task: () => Promise<T>): Promise<T> {
    this.#paused = true;
    try {
      await this.#settled();
      return await task();
    } finally {
      this.#paused = false;
      this.#schedule();
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#flush();
    this.#closed = true;
    await this.#settled();
    const worker = this.#worker;
    if (worker === undefined) return;
    this.#worker = undefined;
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      // Idle threads are unref'd; without this the process could end before the thread has
      // closed the file, leaving this promise (and whatever awaits it) unsettled.
      worker.ref();
      worker.postMessage({ type: 'close' } satisfies WorkerRequest);
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#paused || this.#queued.length === 0) return;
    this.#scheduled = true;
    // setImmediate runs after the poll phase, so every request that arrived in this turn's I/O
    // callbacks (and their microtasks) has already queued its op.
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#paused) this.#flush();
    });
  }

  #flush(): void {
    const limit = this.#options.groupCommit ? this.#options.maxBatchSize : 1;
    while (this.#queued.length > 0) {
      const batch = this.#queued.splice(0, limit);
      let worker: Worker;
      try {
        worker = this.#ensureWorker();
      } catch (cause) {
        // Runs from setImmediate (where a throw would end the process) or from run() (where it
        // would reject only the op that filled the message): fail the whole batch closed
        // instead; the next op tries to start the thread again.
        const failure = new StoreUnavailableError('The SQLite thread could not start', { cause });
        for (const pending of batch) pending.reject(failure);
        continue;
      }
      const id = this.#nextId++;
      this.#inFlight.set(id, { items: batch, remaining: batch.length });
      worker.ref();
      worker.postMessage({
        type: 'batch',
        id,
        ops: batch.map((p) => p.op),
      } satisfies WorkerRequest);
    }
  }

  #ensureWorker(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const worker = new Worker(this.#script, {
      workerData: this.#config,
      execArgv: workerExecArgv(),
    });
    worker.on('message', (reply: WorkerReply) => this.#onReply(reply));
    worker.on('error', (error) => this.#failAll(worker, error));
    // Whatever the code: ops the thread held are unanswered (close() waits for them first).
    worker.on('exit', (code) => this.#failAll(worker, new Error(`SQLite thread exited (${code})`)));
    this.#worker = worker;
    return worker;
  }

  #onReply(reply: WorkerReply): void {
    if (reply.type !== 'result') return;
    const batch = this.#inFlight.get(reply.id);
    if (batch === undefined) return;
    if (reply.stats) {
      this.#stats.transactions += reply.stats.transactions;
      this.#stats.operations += reply.stats.operations;
      this.#stats.largestBatch = Math.max(this.#stats.largestBatch, reply.stats.largestBatch);
      this.#stats.replayed += reply.stats.replayed;
    }
    reply.indices.forEach((index, i) => {
      const item = batch.items[index]!;
      const outcome = reply.outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(deserializeError(outcome.error));
    });
    batch.remaining -= reply.indices.length;
    if (batch.remaining > 0) return;
    this.#inFlight.delete(reply.id);
    this.#afterSettle();
  }

  /** The thread died: whatever it held is unacknowledged, so it fails closed. */
  #failAll(worker: Worker, error: unknown): void {
    if (this.#worker === worker) this.#worker = undefined;
    const failure = new StoreUnavailableError('The SQLite thread stopped', { cause: error });
    for (const batch of this.#inFlight.values())
      for (const item of batch.items) item.reject(failure);
    this.#inFlight.clear();
    this.#afterSettle();
  }

  #afterSettle(): void {
    if (this.#inFlight.size > 0) return;
    // Idle: let the process exit if nothing else keeps it alive.
    this.#worker?.unref();
    for (const wake of this.#idle.splice(0)) wake();
  }

  async #settled(): Promise<void> {
    if (this.#inFlight.size === 0) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }
}
