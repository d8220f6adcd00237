import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSessionEngine } from '@tessera/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './test-support/harness.ts';

const BIN = fileURLToPath(new URL('../../bin/tessera.ts', import.meta.url));

describe('tessera command line', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness('memory');
  });
  afterEach(async () => {
    await h.dispose();
  });

  it('prints help for the program, a group and a command', async () => {
    const main = await h.run(['--help']);
    expect(main.code).toBe(0);
    for (const name of [
      'serve',
      'migrate',
      'users add',
      'sessions revoke',
      'keys rotate',
      'cleanup',
    ]) {
      expect(main.stdout).toContain(name);
    }
    const group = await h.run(['users', '--help']);
    expect(group.code).toBe(0);
    expect(group.stdout).toContain('users set-password');
    const one = await h.run(['users', 'add', '--help']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('Usage: tessera users add <email> --password <pw>');
    expect((await h.run(['help', 'sessions', 'list'])).stdout).toContain('--user <email>');
  });

  it('bad configuration exits 2 with one line naming the option', async () => {
    h.env.TESSERA_PORT = 'not-a-port';
    const fromEnv = await h.run(['users', 'list']);
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr.trim().split('\n')).toHaveLength(1);
    expect(fromEnv.stderr).toContain('TESSERA_PORT');
    expect(fromEnv.stderr).not.toMatch(/\n\s+at /);
    delete h.env.TESSERA_PORT;
    const fromFlag = await h.run(['serve', '--idle-timeout', 'soon']);
    expect(fromFlag.code).toBe(2);
    expect(fromFlag.stderr).toContain('TESSERA_IDLE_TIMEOUT');
  });

  it('serve exits 2 naming TESSERA_DATA_KEY when the stored keys cannot be opened', async () => {
    const key = new Uint8Array(32).fill(7);
    const arranged = await h.open();
    const sealing = createSessionEngine({
      store: arranged.stores.store,
      keyStore: arranged.stores.store,
      dataKey: key,
    });
    await sealing.start();
    await sealing.close();
    await arranged.close();
    h.env.TESSERA_PORT = '0';
    h.env.TESSERA_DATA_KEY = Buffer.alloc(32, 9).toString('base64');
    const wrong = await h.run(['serve']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toContain('TESSERA_DATA_KEY');
    delete h.env.TESSERA_DATA_KEY;
    const missing = await h.run(['serve']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('TESSERA_DATA_KEY');
    // The right key: it listens and /readyz answers 200.
    h.env.TESSERA_DATA_KEY = Buffer.from(key).toString('base64');
    const stop = new AbortController();
    let ready = 0;
    const right = await h.run(['serve'], {
      io: {
        signal: stop.signal,
        onListening: (url) => {
          fetch(`${url}/readyz`)
            .then((res) => {
              ready = res.status;
            })
            .catch(() => undefined)
            .finally(() => stop.abort());
        },
      },
    });
    expect(right.code).toBe(0);
    expect(ready).toBe(200);
  });

  it('bad arguments exit 2 with one line', async () => {
    for (const argv of [
      ['frobnicate'],
      ['users', 'frobnicate'],
      ['users', 'list', '--nope'],
      ['sessions', 'revoke'],
      ['cleanup', 'extra'],
      ['users', 'add', 'a@example.com', '--password'],
    ]) {
      const result = await h.run(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
    }
  });

  it("an id that starts with '-' is refused with a hint to put it after --", async () => {
    const result = await h.run(['sessions', 'revoke', '-Xk3c9']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('goes after --: tessera sessions revoke -- <session-id>');
    expect((await h.run(['sessions', 'revoke', '--', '-Xk3c9'])).stderr).not.toContain('option');
  });

  it('the bin is executable, has a node shebang and maps exit codes', () => {
    accessSync(BIN, constants.X_OK);
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: tessera');
    const bad = spawnSync(process.execPath, [BIN, 'migrate'], {
      encoding: 'utf8',
      env: { ...process.env, TESSERA_PORT: '99999' },
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('TESSERA_PORT');
  });
});
