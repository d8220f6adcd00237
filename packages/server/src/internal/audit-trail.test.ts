import { createMemoryStore, createSessionEngine } from '@tessera/core';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { type AuditRow, attachAuditTrail } from './audit-trail.ts';

const device = { type: 'desktop', name: 'T', browser: null, os: null, userAgent: null } as const;

describe('attachAuditTrail', () => {
  it('queues events off the request path; a failed write is logged and retried', async () => {
    const store = createMemoryStore();
    const engine = createSessionEngine({ store, keyStore: store });
    const logs: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(line) });
    const written: AuditRow[] = [];
    let fail = true;
    const sink = {
      async appendAuditEvents(rows: readonly AuditRow[]) {
        if (fail) {
          fail = false;
          throw new Error('connect ECONNREFUSED postgres://user:secret@db');
        }
        written.push(...rows);
      },
    };
    const trail = attachAuditTrail(engine, sink, logger, { batchSize: 1, flushIntervalMs: 60_000 });
    const t = await engine.signIn({
      user: { id: 'u1', roles: [] },
      rememberMe: false,
      device,
      ip: '192.0.2.1',
      location: null,
    });
    await engine.revokeSession(t.session.id, 'admin');
    await trail.close();
    await engine.close();
    expect(written.map((r) => [r.type, r.sessionId, r.userId, r.ip])).toEqual([
      ['created', t.session.id, 'u1', '192.0.2.1'],
      ['revoked', t.session.id, 'u1', '192.0.2.1'],
    ]);
    expect(written[1]?.reason).toBe('admin');
    const failure = logs.find((l) => l.includes('audit trail write failed'));
    expect(failure).toBeDefined();
    expect(failure).not.toContain('secret');
    expect(JSON.stringify(written)).not.toContain(t.refreshToken);
  });
});
