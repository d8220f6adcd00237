// The SQLite thread: owns one connection and runs the session ops (and the hot user lookups)
// sent by WorkerRunner. Reads are answered at once. Writes commit in one transaction per round
// (messages that queued up meanwhile are taken together) and are answered once an fsync of the
// WAL that started after their COMMIT has finished; that fsync runs on the threadpool, so the
// thread keeps answering reads and committing the next round while the disk works.
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
import { enableOffThreadSync, type WalSync } from './wal-sync.ts';
import { serializeOutcome, type WorkerReply, type WorkerRequest } from './worker-protocol.ts';

const port = parentPort!;
const config = workerData as { filename: string; busyTimeoutMs: number };

interface Connection {
  db: Database.Database;
  control: Control;
  walSync: WalSync | undefined;
}
let connection: Connection | undefined;
let statements: OpStatements | undefined;
let syncing = Promise.resolve();

function connect(): Connection {
  if (connection) return connection;
  const db = openDatabase(config);
  const walSync = enableOffThreadSync(db, { filename: config.filename, groupCommit: true });
  connection = { db, control: prepareControl(db), walSync };
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
  if (requests.some((r) => r.type === 'close')) void close();
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
  const answers = writes.map((slot, i): [Slot, Outcome] => [slot, outcomes[i]!]);
  // Nothing is acknowledged before it is durable.
  const durable = conn.walSync?.sync() ?? Promise.resolve();
  syncing = durable.then(
    () => reply(answers, stats),
    (error: unknown) =>
      reply(
        answers.map(([slot]) => [slot, { ok: false, error }]),
        stats,
      ),
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

async function close(): Promise<void> {
  await syncing;
  await connection?.walSync?.close();
  connection?.db.close();
  port.postMessage({ type: 'closed' } satisfies WorkerReply);
  port.close();
}

port.on('message', handle);
