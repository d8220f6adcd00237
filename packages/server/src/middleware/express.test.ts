import type { AddressInfo } from 'node:net';
import express from 'express';
import { requireFreshAuth, requireRole, tesseraAuth } from './express.ts';
import { describeAdapter } from './test-support/adapter-suite.ts';

describeAdapter('Express', async ({ engine }, clock) => {
  const app = express();
  app.get('/me', tesseraAuth({ engine }), (req, res) => {
    res.json({ session: req.tessera });
  });
  app.get('/optional', tesseraAuth({ engine, optional: true }), (req, res) => {
    res.json({ session: req.tessera ?? null });
  });
  app.get('/guests', tesseraAuth({ engine, allowGuests: true }), (req, res) => {
    res.json({ session: req.tessera });
  });
  app.get('/admin', tesseraAuth({ engine }), requireRole('admin'), (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/fresh', tesseraAuth({ engine }), requireFreshAuth(180, { clock }), (_req, res) => {
    res.json({ ok: true });
  });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    send: (path, headers) => fetch(`http://127.0.0.1:${port}${path}`, { headers: headers ?? {} }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
});
