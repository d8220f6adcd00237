import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { requireFreshAuth, requireRole, tesseraAuth, tesseraPlugin } from './fastify.ts';
import { describeAdapter } from './test-support/adapter-suite.ts';
import { createFixture } from './test-support/fixture.ts';

describeAdapter('Fastify', async ({ engine }, clock) => {
  const app = Fastify();
  await app.register(tesseraPlugin, { engine, global: false });
  const auth = tesseraAuth({ engine });
  app.get('/me', { preHandler: auth }, async (request) => ({ session: request.tessera }));
  app.get(
    '/optional',
    { preHandler: tesseraAuth({ engine, optional: true }) },
    async (request) => ({
      session: request.tessera,
    }),
  );
  app.get(
    '/guests',
    { preHandler: tesseraAuth({ engine, allowGuests: true }) },
    async (request) => ({ session: request.tessera }),
  );
  app.get('/admin', { preHandler: [auth, requireRole('admin')] }, async () => ({ ok: true }));
  app.get('/fresh', { preHandler: [auth, requireFreshAuth(180, { clock })] }, async () => ({
    ok: true,
  }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    send: (path, headers) => fetch(`${url}${path}`, { headers: headers ?? {} }),
    close: () => app.close(),
  };
});

it('the Fastify plugin verifies every route of its scope by default', async () => {
  const fx = createFixture();
  const app = Fastify();
  await app.register(tesseraPlugin, { engine: fx.engine });
  app.get('/me', async (request) => ({ userId: request.tessera?.userId }));
  const { token, userId } = await fx.signIn();
  const ok = await app.inject({ url: '/me', headers: { authorization: `Bearer ${token}` } });
  expect(ok.json()).toEqual({ userId });
  const refused = await app.inject({ url: '/me' });
  expect(refused.statusCode).toBe(401);
  expect(refused.json().code).toBe('invalid_token');
  await app.close();
  await fx.engine.close();
});
