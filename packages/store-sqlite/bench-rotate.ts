// Micro-benchmark (not a test): refresh-token rotations per second through the SQLite store,
// with group commit and without. Each rotation does what the engine's refresh does against the
// store: findRefreshToken, get, rotate (CAS). The database is a real file (synchronous = FULL).
//
//   node packages/store-sqlite/bench-rotate.ts [--seconds 5] [--concurrency 64] [--sessions 10000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sessionFixture, T0, tokenFor } from '@tessera/store-testkit';
import { createSqliteStore, type SqliteStore } from './src/index.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '64' },
    sessions: { type: 'string', default: '10000' },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const sessionCount = Number(values.sessions);

async function seed(store: SqliteStore): Promise<string[]> {
  const hashes: string[] = [];
  const writes: Promise<void>[] = [];
  for (let i = 0; i < sessionCount; i++) {
    const session = sessionFixture({
      id: `s${i}`,
      userId: `u${i % 1000}`,
      refreshTokenHash: `s${i}_1`,
    });
    writes.push(store.create(session, { ...tokenFor(session), hash: `s${i}_1` }));
    hashes.push(`s${i}_1`);
  }
  await Promise.all(writes);
  return hashes;
}

/** One simulated client: refreshes its own sessions (disjoint from others') until the deadline. */
async function client(store: SqliteStore, hashes: string[], index: number, deadline: number) {
  const owned = Math.floor(hashes.length / concurrency);
  let done = 0;
  for (let n = 0; performance.now() < deadline; n++) {
    const slot = index + concurrency * (n % owned);
    const token = await store.findRefreshToken(`s${slot}`, hashes[slot]!);
    const session = token && (await store.get(token.sessionId));
    if (!session) throw new Error('seeded session missing');
    const generation = session.refreshGeneration + 1;
    const hash = `s${slot}_${generation}`;
    const rotated = await store.rotate({
      sessionId: session.id,
      expectedVersion: session.version,
      newToken: { hash, sessionId: session.id, generation, issuedAt: T0 },
      refreshGraceUntil: T0 + 30_000,
      refreshExpiresAt: T0 + 3_600_000,
      lastActiveAt: T0 + 1,
      idleExpiresAt: T0 + 900_000,
    });
    if (!rotated) throw new Error('unexpected CAS conflict');
    hashes[slot] = hash;
    done += 1;
  }
  return done;
}

async function run(groupCommit: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
  const store = createSqliteStore({ filename: join(dir, 'bench.db'), groupCommit });
  try {
    await store.migrate();
    const hashes = await seed(store);
    const before = store.stats();
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const counts = await Promise.all(
      Array.from({ length: concurrency }, (_, i) => client(store, hashes, i, deadline)),
    );
    const elapsed = (performance.now() - started) / 1000;
    const total = counts.reduce((a, b) => a + b, 0);
    const transactions = store.stats().transactions - before.transactions;
    console.log(
      `${groupCommit ? 'group commit   ' : 'no group commit'}: ${Math.round(total / elapsed)} rotations/s ` +
        `(${total} in ${elapsed.toFixed(1)} s, ${transactions} transactions, ` +
        `${(total / transactions).toFixed(1)} rotations per commit)`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`concurrency ${concurrency}, ${sessionCount} sessions, ${seconds} s per mode`);
await run(true);
await run(false);
