// Session data and guest merge end to end over the SQLite store (a real file, its own thread):
// the data column as the store returns it is ciphertext, and the merge re-seals it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSessionEngine, type SessionEngine } from '@tessera/core';
import { createSqliteStore, type SqliteStore } from '@tessera/store-sqlite';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTesseraApp,
  engineOptionsFromConfig,
  hashPassword,
  loadConfig,
  type TesseraApp,
} from '../src/index.ts';
import { auth, bearer, fakeClock, json, PASSWORD } from './support/harness.ts';

let dir: string;
let store: SqliteStore;
let engine: SessionEngine;
let service: TesseraApp;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-data-'));
  store = createSqliteStore({ filename: join(dir, 'tessera.db') });
  await store.migrate();
  const clock = fakeClock();
  const config = loadConfig({ TESSERA_DATA_KEY: Buffer.alloc(32, 3).toString('base64') });
  engine = createSessionEngine({
    ...engineOptionsFromConfig(config),
    store,
    keyStore: store,
    clock,
  });
  service = createTesseraApp({
    engine,
    users: store,
    config,
    clock,
    logger: pino({ level: 'silent' }),
  });
  await store.create({
    id: 'user-1',
    email: 'alice@example.com',
    passwordHash: await hashPassword(PASSWORD),
    roles: ['user'],
    disabled: false,
    createdAt: clock.now(),
    passwordChangedAt: clock.now(),
  });
});

afterEach(async () => {
  await service.close();
  await engine.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const request = (path: string, init: RequestInit) =>
  service.app.request(`https://auth.example.com${path}`, init, {
    incoming: { socket: { remoteAddress: '203.0.113.5' } },
  });

describe('session data over SQLite', () => {
  it('a guest cart is sealed in the column, merged at login, re-sealed for the new session', async () => {
    const guest = (await (
      await request(auth('/anonymous'), json({ transport: 'bearer' }))
    ).json()) as { accessToken: string; refreshToken: string; session: { id: string } };
    const put = await request(auth('/session/data'), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...bearer(guest.accessToken) },
      body: JSON.stringify({ version: 0, set: { cart: ['sku-sqlite'] } }),
    });
    expect(put.status).toBe(200);
    const guestColumn = (await store.get(guest.session.id))?.data ?? '';
    expect(guestColumn).toMatch(/^v1\./);
    expect(guestColumn).not.toContain('sku-sqlite');

    const login = (await (
      await request(
        auth('/login'),
        json({
          email: 'alice@example.com',
          password: PASSWORD,
          transport: 'bearer',
          anonymousRefreshToken: guest.refreshToken,
        }),
      )
    ).json()) as { accessToken: string; session: { id: string } };
    const userColumn = (await store.get(login.session.id))?.data ?? '';
    expect(userColumn).toMatch(/^v1\./);
    expect(userColumn).not.toContain('sku-sqlite');
    expect(userColumn).not.toBe(guestColumn);
    const read = await request(auth('/session/data'), { headers: bearer(login.accessToken) });
    expect(await read.json()).toMatchObject({ data: { cart: ['sku-sqlite'] }, version: 1 });
    expect((await store.get(guest.session.id))?.revokedReason).toBe('logout');
  });
});
