// Tessera's Fastify adapter on a protected route.
import { tesseraAuth } from '@tessera/server/fastify';
import Fastify from 'fastify';
import { createBenchEngine, issueTokens } from './tessera-engine.ts';

const engine = createBenchEngine();
const app = Fastify({ logger: false });
app.get('/bench/tokens', async (req) =>
  issueTokens(engine, Number((req.query as { n?: string }).n ?? 1)),
);
app.decorateRequest('tessera', null);
app.get('/protected', { preHandler: tesseraAuth({ engine }) }, async (req) => ({
  hello: req.tessera?.userId,
}));
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
console.log(`READY ${typeof address === 'object' && address ? address.port : 0}`);
