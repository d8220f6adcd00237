import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, type PostgresStore } from '../src/index.ts';
import { postgresAvailable } from '../test-support/index.ts';
import { useTestDatabase } from './use-test-database.ts';

const hasPostgres = await postgresAvailable();

describe('createPostgresStore options', () => {
  it.each([
    [{ connectionString: 'mysql://localhost/x' }, 'connectionString'],
    [{ connectionString: 'postgres://h/db', schema: 'Bad-Name' }, 'schema'],
    [{ connectionString: 'postgres://h/db', pool: { max: 0 } }, 'pool.max'],
    [{ connectionString: 'postgres://h/db', statementTimeoutMs: -1 }, 'statementTimeoutMs'],
    [{ connectionString: 'postgres://h/db', cleanupPauseMs: 1.5 }, 'cleanupPauseMs'],
  ])('rejects bad options naming the option (%o)', (options, option) => {
    expect(() => createPostgresStore(options)).toThrow(
      expect.objectContaining({ code: 'invalid_config', option }),
    );
  });
});

describe.skipIf(!hasPostgres)('PostgreSQL audit events and epoch-ms columns', () => {
  const database = useTestDatabase('audit');
  let store: PostgresStore;
  beforeAll(async () => {
    store = createPostgresStore({ connectionString: database.url() });
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
  });

  it('appends events and lists them newest first, per user, with jsonb detail', async () => {
    const at = Date.UTC(2031, 0, 1);
    await store.appendAuditEvents([
      { at, type: 'created', sessionId: 's1', userId: 'u1', ip: '203.0.113.7' },
      { at: at + 2, type: 'revoked', sessionId: 's1', userId: 'u1', reason: 'logout' },
      { at: at + 1, type: 'login_failed', userId: 'u2', detail: { attempts: 3, nested: [1] } },
    ]);
    await store.appendAuditEvents([]);
    const u1 = await store.listAuditEvents({ userId: 'u1', limit: 10 });
    expect(u1.map((e) => e.type)).toEqual(['revoked', 'created']);
    expect(u1[1]).toMatchObject({ at, sessionId: 's1', ip: '203.0.113.7', reason: null });
    expect(typeof u1[0]?.id).toBe('number');
    const all = await store.listAuditEvents({ limit: 2 });
    expect(all.map((e) => e.type)).toEqual(['revoked', 'login_failed']);
    expect(all[1]?.detail).toEqual({ attempts: 3, nested: [1] });
    await expect(store.listAuditEvents({ limit: 0 })).rejects.toBeInstanceOf(RangeError);
  });

  it('epoch milliseconds far beyond 2^31 come back as exact JS numbers', async () => {
    const far = 8_640_000_000_000_000; // the largest Date
    await store.addKey({
      kid: 'far',
      alg: 'HS256',
      privateJwk: '{"k":"x"}',
      publicJwk: null,
      createdAt: far,
      retiredAt: far - 1,
    });
    const [key] = await store.listKeys();
    expect(key).toEqual({
      kid: 'far',
      alg: 'HS256',
      privateJwk: '{"k":"x"}',
      publicJwk: null,
      createdAt: far,
      retiredAt: far - 1,
    });
  });
});
