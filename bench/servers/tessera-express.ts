// Tessera's Express adapter on a protected route.
import { tesseraAuth } from '@tessera/server/express';
import express from 'express';
import { createBenchEngine, issueTokens } from './tessera-engine.ts';

const engine = createBenchEngine();
const app = express();
app.get('/bench/tokens', async (req, res) => {
  res.json(await issueTokens(engine, Number(req.query.n ?? 1)));
});
app.get('/protected', tesseraAuth({ engine }), (req, res) => {
  res.json({ hello: req.tessera?.userId });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`READY ${typeof address === 'object' && address ? address.port : 0}`);
});
