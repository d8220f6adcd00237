import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSessionEngine } from '@tessera/core';
import { AUTH_BASE_PATH, RootRoutes, Routes } from '@tessera/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  auth,
  bearer,
  cookieHeaders,
  createHarness,
  type Harness,
  json,
  login,
  PASSWORD,
} from './support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.addUser('alice@example.com');
});
afterEach(async () => h.close());

const NOT_SERVED: string[] = [Routes.anonymous, Routes.sessionData];

describe('/openapi.json', () => {
  it('is OpenAPI 3.1 and lists every served route', async () => {
    const doc = (await (await h.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of Object.values(Routes).filter((p) => !NOT_SERVED.includes(p))) {
      expect(Object.keys(doc.paths)).toContain(AUTH_BASE_PATH + path.replace(':id', '{id}'));
    }
    for (const path of Object.values(RootRoutes)) expect(Object.keys(doc.paths)).toContain(path);
    const login = doc.paths[`${AUTH_BASE_PATH}/login`]?.post as {
      requestBody: {
        content: Record<string, { schema: { additionalProperties: boolean; required: string[] } }>;
      };
    };
    const schema = login.requestBody.content['application/json']?.schema;
    expect(schema?.additionalProperties).toBe(false);
    expect(schema?.required).toEqual(['email', 'password']);
  });
});

describe('/metrics', () => {
  it('counters move with sign-ins, refreshes, failures, revocations and reuse', async () => {
    const s = await login(h, 'alice@example.com');
    const r = (await (
      await h.request(auth('/refresh'), json({ refreshToken: s.refreshToken }))
    ).json()) as { refreshToken: string };
    await h.request(auth('/login'), json({ email: 'alice@example.com', password: 'nope' }));
    h.clock.advance(60_000);
    await h.request(auth('/refresh'), json({ refreshToken: s.refreshToken }));
    const s2 = await login(h, 'alice@example.com');
    await h.request(auth('/logout'), { method: 'POST', headers: bearer(s2.accessToken) });
    const text = await (await h.request('/metrics')).text();
    expect(text).toMatch(/^sessions_created_total 2$/m);
    expect(text).toMatch(/^sessions_refreshed_total 1$/m);
    expect(text).toMatch(/^login_failures_total 1$/m);
    expect(text).toMatch(/^refresh_reuse_detected_total 1$/m);
    expect(text).toMatch(/^sessions_revoked_total\{reason="refresh_token_reused"\} 1$/m);
    expect(text).toMatch(/^sessions_revoked_total\{reason="logout"\} 1$/m);
    expect(text).toMatch(/^active_sessions 0$/m);
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/api\/auth\/login",status="200"\} 2/,
    );
    void r;
  });
});

describe('root routes', () => {
  it('healthz, readyz and jwks answer', async () => {
    expect(await (await h.request('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await h.request('/readyz')).status).toBe(200);
    await login(h, 'alice@example.com');
    const jwks = (await (await h.request('/.well-known/jwks.json')).json()) as {
      keys: { kid: string; d?: string }[];
    };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
  });
});

describe('readiness and the data key', () => {
  it('/readyz is 503 while the engine cannot start (keys sealed with another data key)', async () => {
    const other = createSessionEngine({
      store: h.store,
      keyStore: h.store,
      clock: h.clock,
      dataKey: new Uint8Array(32).fill(9),
    });
    await other.start();
    await other.close();
    const ready = await h.request('/readyz');
    expect(ready.status).toBe(503);
    expect(h.engine.started).toBe(false);
  });
});

describe('audit log', () => {
  it('logs every lifecycle event without tokens, passwords or hashes', async () => {
    await h.close();
    h = await createHarness({ TESSERA_MAX_SESSIONS_PER_USER: '3' });
    await h.addUser('alice@example.com');
    const refreshBearer = (token: string) =>
      h.request(auth('/refresh'), json({ refreshToken: token }));
    // created, refreshed, rotated
    const c = await login(h, 'alice@example.com', { transport: 'cookie' });
    const refreshed = await h.request(auth('/refresh'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...cookieHeaders(c.refreshToken) },
      body: '{}',
    });
    const body = (await refreshed.json()) as { accessToken: string };
    // login_failed
    await h.request(
      auth('/login'),
      json({ email: 'alice@example.com', password: 'wrong-password-123' }),
    );
    // revoked
    await h.request(auth('/logout'), { method: 'POST', headers: bearer(body.accessToken) });
    // reuse_detected: the superseded token after the grace window
    const b = await login(h, 'alice@example.com');
    const b2 = (await (await refreshBearer(b.refreshToken)).json()) as { refreshToken: string };
    h.clock.advance(31_000);
    expect((await refreshBearer(b.refreshToken)).status).toBe(401);
    // expired: idle past the 15 min default
    const d = await login(h, 'alice@example.com');
    h.clock.advance(15 * 60_000 + 1_000);
    expect((await refreshBearer(d.refreshToken)).status).toBe(401);
    // evicted: a fourth live session with a limit of 3
    const e = [];
    for (let i = 0; i < 4; i++) e.push(await login(h, 'alice@example.com'));
    // password_changed
    const last = e[3] as (typeof e)[number];
    const changed = await h.request(auth('/password'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(last.accessToken) },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'another password 456' }),
    });
    expect(changed.status).toBe(200);

    const session = await h.store.get(last.sessionId);
    const user = await h.store.findByEmail('alice@example.com');
    const output = h.logs.join('\n');
    const events = new Set(
      h.logs.map((l) => JSON.parse(l) as { event?: string }).map((l) => l.event),
    );
    for (const event of [
      'created',
      'refreshed',
      'rotated',
      'reuse_detected',
      'revoked',
      'expired',
      'evicted',
      'password_changed',
      'login_failed',
    ]) {
      expect(events.has(event), event).toBe(true);
    }
    // `rotated` is logged at debug (pino level 20); `refreshed` (info) carries its generation.
    const lines = h.logs.map(
      (l) => JSON.parse(l) as { event?: string; level: number; generation?: number },
    );
    const rotated = lines.find((l) => l.event === 'rotated');
    expect(rotated?.level).toBe(20);
    const refreshedLine = lines.find((l) => l.event === 'refreshed');
    expect(refreshedLine?.level).toBe(30);
    expect(refreshedLine?.generation).toBe(rotated?.generation);
    const secrets = [
      c.refreshToken,
      c.accessToken,
      body.accessToken,
      b.refreshToken,
      b2.refreshToken,
      d.refreshToken,
      ...e.flatMap((x) => [x.accessToken, x.refreshToken]),
      PASSWORD,
      'wrong-password-123',
      'another password 456',
      session?.refreshTokenHash,
      user?.passwordHash,
    ];
    for (const secret of secrets) {
      expect(secret).toBeTruthy();
      expect(output.includes(secret as string)).toBe(false);
    }
    expect(output).not.toMatch(/\$argon2/);
  });
});

describe('static files', () => {
  it('serves the directory with an SPA fallback and never outside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tessera-static-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>ui</title>');
    await writeFile(join(dir, 'app.js'), 'console.log(1)');
    await h.close();
    h = await createHarness({ TESSERA_STATIC_DIR: dir });
    try {
      const index = await h.request('/');
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toContain('text/html');
      expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect((await h.request('/app.js')).headers.get('content-type')).toContain('javascript');
      expect(await (await h.request('/settings/sessions')).text()).toContain('<title>ui</title>');
      expect((await h.request('/missing.js')).status).toBe(404);
      for (const path of [
        '/%2e%2e/%2e%2e/etc/passwd',
        '/..%2f..%2f..%2fetc%2fpasswd',
        '/..%2f..%2f..%2fetc%2fhostname.txt',
      ]) {
        const res = await h.request(path);
        expect(await res.text()).not.toMatch(/root:|localhost/);
      }
      expect((await h.request('/api/auth/unknown')).headers.get('content-type')).toBe(
        'application/problem+json',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
