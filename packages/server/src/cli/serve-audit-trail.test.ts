import { createPostgresStore } from '@tessera/store-postgres';
import { createTestDatabase } from '@tessera/store-postgres/test-support';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { startServer } from './commands/serve.ts';
import { POSTGRES_URL, serviceAvailable } from './test-support/services.ts';

const postgresUp = await serviceAvailable('PostgreSQL', POSTGRES_URL, 5432);

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe.skipIf(!postgresUp)('serve on PostgreSQL: audit_events', () => {
  it('engine events are appended to audit_events, without tokens or hashes', async () => {
    const db = await createTestDatabase('audit_trail');
    try {
      const config = loadConfig({
        TESSERA_DATABASE_URL: db.url,
        TESSERA_PORT: '0',
        TESSERA_LOG_LEVEL: 'silent',
      });
      const server = await startServer(config, {
        log: () => undefined,
        seedUsers: [{ email: 'audit@example.com', password: 'audit password 1', roles: [] }],
      });
      let login: { refreshToken: string; accessToken: string; session: { id: string } };
      try {
        const res = await post(`${server.url}/api/auth/login`, {
          email: 'audit@example.com',
          password: 'audit password 1',
          transport: 'bearer',
        });
        expect(res.status).toBe(200);
        login = (await res.json()) as typeof login;
        const out = await post(
          `${server.url}/api/auth/logout`,
          {},
          { authorization: `Bearer ${login.accessToken}` },
        );
        expect(out.status).toBe(204);
      } finally {
        await server.close(); // writes what is still queued
      }
      const store = createPostgresStore({ connectionString: db.url });
      try {
        const rows = await store.listAuditEvents({ limit: 100 });
        const mine = rows.filter((r) => r.sessionId === login.session.id);
        expect(mine.map((r) => r.type).sort()).toEqual(['created', 'revoked']);
        expect(mine.find((r) => r.type === 'revoked')?.reason).toBe('logout');
        expect(mine.every((r) => r.userId !== null)).toBe(true);
        const text = JSON.stringify(rows);
        expect(text).not.toContain(login.refreshToken);
        expect(text).not.toContain(login.accessToken);
        expect(text).not.toMatch(/hash|password/i);
      } finally {
        await store.close();
      }
    } finally {
      await db.drop();
    }
  });
});
