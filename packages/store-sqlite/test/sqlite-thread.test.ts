import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sessionFixture, T0, tokenFor } from '@tessera/store-testkit';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../src/index.ts';
import { SEND_EARLY_AT, WorkerRunner } from '../src/internal/worker-runner.ts';
import { useTempDir } from './temp-dir.ts';

const temp = useTempDir('sqlite-thread');
const open: SqliteStore[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  for (const close of closers.splice(0)) await close();
});

const rotation = (sessionId: string) => ({
  sessionId,
  expectedVersion: 1,
  newToken: { hash: 'h_2', sessionId, generation: 2, issuedAt: T0 + 1 },
  refreshGraceUntil: T0 + 30_000,
  refreshExpiresAt: T0 + 3_600_000,
});

/** Counts the ticks of a 5 ms interval over `ms`. */
async function ticksOver(ms: number): Promise<number> {
  let ticks = 0;
  const timer = setInterval(() => {
    ticks += 1;
  }, 5);
  await new Promise((resolve) => setTimeout(resolve, ms));
  clearInterval(timer);
  return ticks;
}

describe('the SQLite thread', () => {
  it('a write waiting for a lock held by another process leaves the event loop free', async () => {
    const filename = temp.file();
    const store = createSqliteStore({ filename, busyTimeoutMs: 2_000 });
    open.push(store);
    await store.migrate();
    const session = sessionFixture();
    await store.create(session, tokenFor(session));
    const other = new Database(filename);
    other.exec('BEGIN IMMEDIATE');
    const pending = store.rotate(rotation(session.id));
    let settled = false;
    void pending.finally(() => {
      settled = true;
    });
    // On the main thread this busy wait would hold the event loop for the whole 300 ms.
    const ticks = await ticksOver(300);
    expect(settled).toBe(false);
    other.exec('ROLLBACK');
    other.close();
    expect(ticks).toBeGreaterThan(20);
    expect(await pending).toMatchObject({ version: 2 });
  });

  it('worker: false runs on the main thread with the same results', async () => {
    const store = createSqliteStore({ filename: temp.file(), worker: false });
    open.push(store);
    await store.migrate();
    const session = sessionFixture();
    await store.create(session, tokenFor(session));
    expect(await store.rotate(rotation(session.id))).toMatchObject({ version: 2 });
    expect(store.stats().transactions).toBe(2);
  });

  it("close() settles in a process with nothing else to do (the idle thread is unref'd)", () => {
    const child = pingInChildProcess(['--input-type=module']);
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('closed');
    expect(child.status).toBe(0);
  });

  it('starts in a process run with process-wide Node flags (--max-old-space-size)', () => {
    // Passed to the thread in an explicit execArgv, such a flag makes the Worker constructor
    // throw, which ended the process (the thread starts from setImmediate).
    const child = pingInChildProcess(['--max-old-space-size=256']);
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('closed');
    expect(child.status).toBe(0);
  });

  it('an in-memory database cannot use the thread', () => {
    expect(() => createSqliteStore({ filename: ':memory:', worker: true })).toThrow(/worker/);
  });

  it('a thread that dies fails what it held as unavailable; the next op starts a new one', async () => {
    const filename = temp.file();
    const setup = createSqliteStore({ filename });
    await setup.migrate();
    await setup.close();
    // Dies at its first start, then behaves like the real thread.
    const script = join(temp.dir, 'dies-once.mjs');
    const real = new URL('../src/internal/sqlite-worker.ts', import.meta.url).href;
    writeFileSync(
      script,
      `import { existsSync, writeFileSync } from 'node:fs';
       import { workerData } from 'node:worker_threads';
       const marker = workerData.filename + '.died';
       if (!existsSync(marker)) { writeFileSync(marker, ''); process.exit(3); }
       await import(${JSON.stringify(real)});`,
    );
    const runner = new WorkerRunner(
      { filename, busyTimeoutMs: 1_000 },
      { groupCommit: true, maxBatchSize: 100 },
      pathToFileURL(script),
    );
    closers.push(() => runner.close());
    await expect(runner.run({ op: 'ping' })).rejects.toMatchObject({ code: 'unavailable' });
    await expect(runner.run({ op: 'ping' })).resolves.toEqual({ ok: 1 });
  });

  it('a thread that cannot start fails the ops as unavailable (no crash); the next op retries', async () => {
    // Only file: and data: URLs can start a worker: the constructor throws synchronously.
    const runner = new WorkerRunner(
      { filename: temp.file(), busyTimeoutMs: 1_000 },
      { groupCommit: true, maxBatchSize: 100 },
      new URL('https://sqlite.invalid/worker.js'),
    );
    await expect(runner.run({ op: 'ping' })).rejects.toMatchObject({ code: 'unavailable' });
    await expect(runner.run({ op: 'ping' })).rejects.toMatchObject({ code: 'unavailable' });
    await runner.close();
  });

  it('ops of one turn go in messages of SEND_EARLY_AT as they fill up, the rest at its end', async () => {
    // Answers every op with the number of ops that came in its message.
    const script = join(temp.dir, 'counts.mjs');
    writeFileSync(
      script,
      `import { parentPort } from 'node:worker_threads';
       parentPort.on('message', (m) => {
         if (m.type === 'close') { parentPort.postMessage({ type: 'closed' }); process.exit(0); }
         const indices = m.ops.map((_, i) => i);
         const outcomes = m.ops.map(() => ({ ok: true, value: m.ops.length }));
         parentPort.postMessage({ type: 'result', id: m.id, indices, outcomes });
       });`,
    );
    const runner = new WorkerRunner(
      { filename: temp.file(), busyTimeoutMs: 1_000 },
      { groupCommit: true, maxBatchSize: 1000 },
      pathToFileURL(script),
    );
    closers.push(() => runner.close());
    const count = 2 * SEND_EARLY_AT + 3;
    const sizes = await Promise.all(
      Array.from({ length: count }, () => runner.run({ op: 'ping' })),
    );
    expect(sizes).toEqual([...Array(2 * SEND_EARLY_AT).fill(SEND_EARLY_AT), ...Array(3).fill(3)]);
  });

  it('a thread that ends cleanly while holding ops still fails them (never a hang)', async () => {
    const script = join(temp.dir, 'quits.mjs');
    writeFileSync(
      script,
      `import { parentPort } from 'node:worker_threads';
       parentPort.on('message', () => process.exit(0));`,
    );
    const runner = new WorkerRunner(
      { filename: temp.file(), busyTimeoutMs: 1_000 },
      { groupCommit: true, maxBatchSize: 100 },
      pathToFileURL(script),
    );
    await expect(runner.run({ op: 'ping' })).rejects.toMatchObject({ code: 'unavailable' });
  });
});

/** Opens a store on a new file in a new Node process started with `flags`, pings, closes. */
function pingInChildProcess(flags: string[]) {
  return spawnSync(
    process.execPath,
    [
      ...flags,
      '--no-warnings',
      '-e',
      `import { createSqliteStore } from ${JSON.stringify(new URL('../src/index.ts', import.meta.url).pathname)};
       const store = createSqliteStore({ filename: ${JSON.stringify(temp.file())} });
       await store.migrate();
       await store.ping();
       await store.close();
       process.stdout.write('closed');`,
    ],
    { encoding: 'utf8', timeout: 15_000 },
  );
}
