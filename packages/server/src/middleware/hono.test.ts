import { Hono } from 'hono';
import { expectTypeOf } from 'vitest';
import type { TesseraSession } from './hono.ts';
import { requireFreshAuth, requireRole, tesseraAuth } from './hono.ts';
import { describeAdapter } from './test-support/adapter-suite.ts';

describeAdapter('Hono', async ({ engine }, clock) => {
  const app = new Hono();
  app.get('/me', tesseraAuth({ engine }), (c) => {
    // Typed through ContextVariableMap / the middleware's Env: no cast needed.
    const session = c.get('session');
    expectTypeOf(session).toEqualTypeOf<TesseraSession>();
    expectTypeOf(c.var.session.userId).toEqualTypeOf<string>();
    return c.json({ session });
  });
  app.get('/optional', tesseraAuth({ engine, optional: true }), (c) => {
    expectTypeOf(c.get('session')).toEqualTypeOf<TesseraSession | undefined>();
    return c.json({ session: c.get('session') ?? null });
  });
  app.get('/guests', tesseraAuth({ engine, allowGuests: true }), (c) =>
    c.json({ session: c.var.session }),
  );
  app.get('/admin', tesseraAuth({ engine }), requireRole('admin'), (c) => c.json({ ok: true }));
  app.get('/fresh', tesseraAuth({ engine }), requireFreshAuth(180, { clock }), (c) =>
    c.json({ ok: true }),
  );
  return {
    send: async (path, headers) => app.request(path, { headers: headers ?? {} }),
    close: async () => {},
  };
});
