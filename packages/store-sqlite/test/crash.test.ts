import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { sessionFixture, tokenFor, tokenHash } from '@tessera/store-testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../src/index.ts';
import { useTempDir } from './temp-dir.ts';

const temp = useTempDir('crash');
const open: SqliteStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

// A child process rotates, reports the acknowledgement, then dies by SIGKILL without closing.
// (A process crash, not a power cut: that part is synchronous = FULL, checked in lifecycle.)
const CHILD = `
import { createSqliteStore } from ${JSON.stringify(join(import.meta.dirname, '../src/index.ts'))};
const [filename] = process.argv.slice(-1);
const store = createSqliteStore({ filename });
const rotated = await store.rotate({
  sessionId: 'sess_1', expectedVersion: 1,
  newToken: { hash: 'h_sess_1_2', sessionId: 'sess_1', generation: 2, issuedAt: 1 },
  refreshGraceUntil: 2, refreshExpiresAt: 3,
});
process.stdout.write(rotated ? 'acknowledged' : 'lost');
process.kill(process.pid, 'SIGKILL');
`;

describe('crash', () => {
  it('an acknowledged rotation is there after the process is killed', async () => {
    const filename = temp.file();
    const setup = createSqliteStore({ filename });
    await setup.migrate();
    const session = sessionFixture();
    await setup.create(session, tokenFor(session));
    await setup.close();

    const child = spawnSync(
      process.execPath,
      ['--input-type=module', '--no-warnings', '-e', CHILD, filename],
      { encoding: 'utf8', timeout: 15_000 },
    );
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).toBe('acknowledged');

    const reopened = createSqliteStore({ filename });
    open.push(reopened);
    expect(await reopened.get('sess_1')).toMatchObject({
      refreshTokenHash: tokenHash('sess_1', 2),
      refreshGeneration: 2,
      version: 2,
    });
    expect(await reopened.findRefreshToken('sess_1', tokenHash('sess_1', 2))).toMatchObject({
      generation: 2,
    });
  });
});
