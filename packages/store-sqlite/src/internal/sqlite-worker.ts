// The SQLite thread: owns one connection and runs the session ops (and the hot user lookups)
// sent by WorkerRunner. Reads are answered at once. Writes commit in one transaction per round
// (messages that queued up meanwhile are taken together) and are answered once COMMIT has
// returned, which with synchronous = FULL is after the WAL's fsync, here on this thread (an
// fsync on the thread pool instead cost two thread wake-ups per round: docs/adr/0009).
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import {
  type BatchStats,
  type Control,
  emptyBatchStats,
  type Outcome,
  partition,
  prepareControl,
  runReads,
  runWrites,
} from './batch.ts';
import { openDatabase } from './open-database.ts';
import { type OpStatements, prepareOpStatements, type StoreOp } from './store-ops.ts';
import { serializeOutcome, type WorkerReply, type WorkerRequest } from './worker-protocol.ts';

const port = parentPort!;
const config = workerData as { filename: string; busyTimeoutMs: number };

interface Connection {
  db: Database.Database;
  control: Control;
}
let connection: Connection | undefined;
let statements: OpStatements | undefined;

function connect(): Connection {
  if (connection) return connection;
  // synchronous = FULL (openDatabase): COMMIT returns once the WAL is fsynced, on this thread.
  const db = openDatabase(config);
  connection = { db, control: prepareControl(db) };
  return connection;
}

type Batch = Extract<WorkerRequest, { type: 'batch' }>;
/** One op of a batch: the message it came in and its position there. */
type Slot = { batch: Batch; index: number };

function handle(first: WorkerRequest): void {
  const requests: WorkerRequest[] = [first];
  for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) {
    requests.push(next.message as WorkerRequest);
  }
  const batches = requests.filter((r): r is Batch => r.type === 'batch');
  if (batches.length > 0) run(batches);
  if (requests.some((r) => r.type === 'close')) close();
}

function run(batches: Batch[]): void {
  const reads: Slot[] = [];
  const writes: Slot[] = [];
  for (const batch of batches) {
    const split = partition(batch.ops);
    for (const index of split.reads) reads.push({ batch, index });
    for (const index of split.writes) writes.push({ batch, index });
  }
  let conn: Connection;
  try {
    conn = connect();
  } catch (error) {
    const failed: Outcome = { ok: false, error };
    reply([...reads, ...writes].map((slot) => [slot, failed]));
    return;
  }
  const prepared = () => (statements ??= prepareOpStatements(conn.db));
  const opsOf = (slots: Slot[]): StoreOp[] => slots.map((s) => s.batch.ops[s.index]!);
  if (reads.length > 0) {
    const outcomes = runReads(prepared, opsOf(reads));
    reply(reads.map((slot, i) => [slot, outcomes[i]!]));
  }
  if (writes.length === 0) return;
  const stats = emptyBatchStats();
  const outcomes = runWrites(conn.db, conn.control, prepared, opsOf(writes), stats);
  // COMMIT returned, so the WAL is on disk: nothing is acknowledged before it is durable.
  reply(
    writes.map((slot, i): [Slot, Outcome] => [slot, outcomes[i]!]),
    stats,
  );
}

function reply(answers: [Slot, Outcome][], stats?: BatchStats): void {
  const byBatch = new Map<number, { indices: number[]; outcomes: Outcome[] }>();
  for (const [slot, outcome] of answers) {
    let entry = byBatch.get(slot.batch.id);
    if (!entry) {
      entry = { indices: [], outcomes: [] };
      byBatch.set(slot.batch.id, entry);
    }
    entry.indices.push(slot.index);
    entry.outcomes.push(outcome);
  }
  for (const [id, { indices, outcomes }] of byBatch) {
    const message: WorkerReply = {
      type: 'result',
      id,
      indices,
      outcomes: outcomes.map(serializeOutcome),
    };
    if (stats) {
      message.stats = stats;
      stats = undefined;
    }
    port.postMessage(message);
  }
}

function close(): void {
  connection?.db.close();
  port.postMessage({ type: 'closed' } satisfies WorkerReply);
  port.close();
}

port.on('message', handle);
