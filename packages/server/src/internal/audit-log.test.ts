import { createMemoryStore, createSessionEngine } from '@tessera/core';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { attachAuditLog } from './audit-log.ts';

const device = { type: 'desktop', name: 'T', browser: null, os: null, userAgent: null } as const;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function scenario(level: 'info' | 'debug') {
  const store = createMemoryStore();
  const engine = createSessionEngine({ store, keyStore: store });
  closers.push(() => engine.close());
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level, redact: { paths: ['refreshToken', '*.refreshToken'], censor: '[x]' } },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  ).child({ service: 'auth' });
  const detach = attachAuditLog(engine, logger);
  const signedIn = await engine.signIn({
    user: { id: 'u1', roles: [] },
    rememberMe: false,
    device,
    ip: '192.0.2.1',
    location: null,
  });
  const refreshed = await engine.refresh(signedIn.refreshToken);
  if (!refreshed.ok) throw new Error(refreshed.code);
  await engine.revokeSession(signedIn.session.id, 'logout');
  detach();
  await engine.refresh(refreshed.refreshToken);
  return { lines, signedIn, refreshed };
}

describe('attachAuditLog', () => {
  it('writes one info line per event with ids, reasons and the address, keeping the bindings', async () => {
    const { lines, signedIn } = await scenario('info');
    expect(lines.map((l) => l.event)).toEqual(['created', 'refreshed', 'revoked']);
    const sessionId = signedIn.session.id;
    expect(lines[0]).toMatchObject({ audit: true, service: 'auth', sessionId, userId: 'u1' });
    expect(lines[1]).toMatchObject({ sessionId, ip: '192.0.2.1', grace: false, generation: 2 });
    expect(lines[2]).toMatchObject({ sessionId, reason: 'logout', msg: 'session revoked' });
  });

  it('never writes a token or a token hash; rotated lines only at debug', async () => {
    const { lines, signedIn, refreshed } = await scenario('debug');
    const text = JSON.stringify(lines);
    for (const secret of [signedIn.refreshToken, refreshed.refreshToken, signedIn.accessToken]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.split('.').at(-1));
    }
    expect(text).not.toContain(refreshed.session.refreshTokenHash);
    expect(lines.map((l) => l.event)).toEqual(['created', 'refreshed', 'rotated', 'revoked']);
    expect(lines[2]).toMatchObject({ level: 20, generation: 2 });
  });
});
