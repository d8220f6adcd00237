import { ConfigError, createMemoryStore, createSessionEngine } from '@tessera/core';
import { Hono } from 'hono';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { requireFreshAuth, tesseraAuth } from '../middleware/hono.ts';
import { hashPassword } from '../password/hash-password.ts';
import { createTesseraApp } from './create-tessera-app.ts';
import type { MountedHandler } from './mount-handlers.ts';

const PASSWORD = 'correct horse battery';
const config = loadConfig({ TESSERA_DATA_KEY: Buffer.alloc(32, 3).toString('base64') });
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function serviceWith(mount: (engine: ReturnType<typeof createSessionEngine>) => MountedHandler[]) {
  const store = createMemoryStore();
  const engine = createSessionEngine({ store, keyStore: store });
  closers.push(() => engine.close());
  const service = createTesseraApp({
    engine,
    users: store,
    config,
    logger: pino({ level: 'silent' }),
    mount: mount(engine),
  });
  closers.unshift(() => service.close());
  const request = (path: string, init?: RequestInit) =>
    service.app.request(`https://auth.example.com${path}`, init);
  return { service, store, request };
}

async function bearerLogin(t: ReturnType<typeof serviceWith>): Promise<string> {
  await t.store.create({
    id: 'u1',
    email: 'alice@example.com',
    passwordHash: await hashPassword(PASSWORD),
    roles: ['user'],
    disabled: false,
    createdAt: Date.now(),
    passwordChangedAt: Date.now(),
  });
  const res = await t.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'alice@example.com', password: PASSWORD, transport: 'bearer' }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

describe('createTesseraApp({ mount })', () => {
  it('serves a mounted Hono app under its prefix, verified by the engine, next to the auth routes', async () => {
    const t = serviceWith((engine) => {
      const api = new Hono();
      api.use('*', tesseraAuth({ engine }));
      api.get('/export', requireFreshAuth(300), (c) => c.json({ user: c.var.session.userId }));
      api.post('/echo', async (c) => c.json({ path: c.req.path, body: await c.req.json() }));
      return [{ path: '/api/app', fetch: (request) => api.fetch(request) }];
    });
    const token = await bearerLogin(t);
    const headers = { authorization: `Bearer ${token}` };

    expect((await t.request('/api/app/export')).status).toBe(401);
    const ok = await t.request('/api/app/export', { headers });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ user: 'u1' });
    // The service's own headers still apply to mounted answers.
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');

    const echo = await t.request('/api/app/echo', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"n":1}',
    });
    expect(await echo.json()).toEqual({ path: '/echo', body: { n: 1 } });
    // Paths outside the prefix are not the mounted app's, and the auth routes are untouched.
    expect((await t.request('/api/application/export', { headers })).status).toBe(404);
    expect((await t.request('/api/auth/session-info', { headers })).status).toBe(200);
  });

  it('a handler that throws answers the service’s 500 problem, not a crash', async () => {
    const t = serviceWith(() => [
      {
        path: '/api/app',
        fetch: () => {
          throw new Error('boom');
        },
      },
    ]);
    const res = await t.request('/api/app/x');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses prefixes that overlap the service’s paths, are malformed or repeated', () => {
    const handler = () => new Response('no');
    for (const path of ['/api/auth', '/api/auth/extra', '/api', '/healthz', '/', 'api/x', '/x/']) {
      expect(() => serviceWith(() => [{ path, fetch: handler }]), path).toThrow(ConfigError);
    }
    const twice = [
      { path: '/api/x', fetch: handler },
      { path: '/api/x', fetch: handler },
    ];
    expect(() => serviceWith(() => twice)).toThrow(/mounted twice/);
  });
});
