// Tessera's Hono verification middleware on a protected route (BENCH_ALG: EdDSA | ES256 | HS256).
import { serve } from '@hono/node-server';
import { tesseraAuth } from '@tessera/server/hono';
import { Hono } from 'hono';
import { createBenchEngine, issueTokens } from './tessera-engine.ts';

const engine = createBenchEngine();
const app = new Hono();
app.get('/bench/tokens', async (c) =>
  c.json(await issueTokens(engine, Number(c.req.query('n') ?? 1))),
);
app.get('/protected', tesseraAuth({ engine }), (c) => c.json({ hello: c.var.session.userId }));
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
  console.log(`READY ${info.port}`),
);
