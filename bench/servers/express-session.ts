// Peer: express + express-session (memory store). Prints a session cookie for the load generator.
import express from 'express';
import session from 'express-session';

const app = express();
app.use(
  session({ secret: 'bench-secret-bench-secret-bench', resave: false, saveUninitialized: false }),
);
app.post('/login', (req, res) => {
  (req.session as unknown as { userId: string }).userId = 'u1';
  res.json({ ok: true });
});
app.get('/protected', (req, res) => {
  const userId = (req.session as unknown as { userId?: string }).userId;
  if (!userId) return void res.status(401).json({ error: 'unauthenticated' });
  res.json({ hello: userId });
});
const server = app.listen(0, '127.0.0.1', async () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const res = await fetch(`http://127.0.0.1:${port}/login`, { method: 'POST' });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  console.log(`COOKIE ${cookie}`);
  console.log(`READY ${port}`);
});
