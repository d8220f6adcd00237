// Peer: better-auth's get-session on SQLite (better-sqlite3), served by Hono like Tessera.
// BENCH_COOKIE_CACHE=1 enables its signed cookie cache (no SQL on a cache hit).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import Database from 'better-sqlite3';
import { Hono } from 'hono';

const cookieCache = process.env.BENCH_COOKIE_CACHE === '1';
const dir = mkdtempSync(join(tmpdir(), 'bench-better-auth-'));
const options = {
  database: new Database(join(dir, 'auth.db')),
  baseURL: 'http://127.0.0.1',
  secret: 'bench-secret-bench-secret-bench-secret-0123456789',
  emailAndPassword: { enabled: true },
  session: { cookieCache: { enabled: cookieCache, maxAge: 300 } },
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
  logger: { disabled: true },
};
const { runMigrations } = await getMigrations(options);
await runMigrations();
const auth = betterAuth(options);

const app = new Hono();
app.on(['GET', 'POST'], '/api/auth/*', (c) => auth.handler(c.req.raw));

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, async (info) => {
  const base = `http://127.0.0.1:${info.port}`;
  const res = await fetch(`${base}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1' },
    body: JSON.stringify({
      email: 'bench@example.com',
      password: 'bench-password-123',
      name: 'Bench',
    }),
  });
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const check = await fetch(`${base}/api/auth/get-session`, {
    headers: { cookie: cookies.join('; ') },
  });
  const body = (await check.json()) as { session?: unknown } | null;
  if (!body?.session) throw new Error(`better-auth sign-up failed: ${res.status}`);
  console.log(`COOKIE ${cookies.join('; ')}`);
  console.log(`READY ${info.port}`);
});
