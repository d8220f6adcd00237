// The scenarios of `npm run bench`, grouped by the reference (bare hello) they are compared with.
import type { Generator } from './load.ts';

export interface Scenario {
  name: string;
  server: string;
  env?: Record<string, string>;
  path: string;
  method?: 'GET' | 'POST';
  /** How the request is authenticated: a bearer access token, a cookie the server printed, or a refresh chain. */
  auth?: 'bearer' | 'cookie' | 'refresh' | 'login';
  /** Only when this environment variable is set (PostgreSQL / Redis variants). */
  requires?: string;
  /** Target from issue 5 (documented next to the figure). */
  target?: string;
  /** This row's load generator, when it is not the run's (BENCH_LOAD). */
  generator?: Generator;
  /** Name of the row of the same group its ratio is taken to (default: the reference). */
  ratioTo?: string;
}

export interface Group {
  reference: Scenario;
  scenarios: Scenario[];
}

const pg = { requires: 'BENCH_POSTGRES_URL' };
const redis = { requires: 'BENCH_REDIS_URL' };

export const GROUPS: Group[] = [
  {
    reference: { name: 'bare Hono hello', server: 'bare-hono.ts', path: '/hello' },
    scenarios: [
      {
        name: 'Tessera Hono middleware, EdDSA',
        server: 'tessera-hono.ts',
        path: '/protected',
        auth: 'bearer',
        target: '≥ 60% of bare, p99 ≤ 10 ms',
      },
      {
        name: 'Tessera Hono middleware, HS256',
        server: 'tessera-hono.ts',
        env: { BENCH_ALG: 'HS256' },
        path: '/protected',
        auth: 'bearer',
      },
      {
        name: 'Tessera /session-info, SQLite',
        server: 'tessera-service.ts',
        path: '/api/auth/session-info',
        auth: 'bearer',
        target: '≥ 20% of bare and ≥ 10× better-auth',
      },
      {
        name: 'Tessera /me, SQLite',
        server: 'tessera-service.ts',
        path: '/api/auth/me',
        auth: 'bearer',
      },
      {
        name: 'Tessera /session-info, PostgreSQL',
        server: 'tessera-service.ts',
        env: { BENCH_STORE: 'postgres' },
        path: '/api/auth/session-info',
        auth: 'bearer',
        ...pg,
      },
      {
        name: 'Tessera /session-info, Redis',
        server: 'tessera-service.ts',
        env: { BENCH_STORE: 'redis' },
        path: '/api/auth/session-info',
        auth: 'bearer',
        ...redis,
      },
      {
        name: 'Tessera /refresh, SQLite (durable commits)',
        server: 'tessera-service.ts',
        path: '/api/auth/refresh',
        method: 'POST',
        auth: 'refresh',
        target: '≥ 8,000/s, p99 ≤ 20 ms',
      },
      {
        name: 'Tessera /refresh, SQLite (durable commits), HS256',
        server: 'tessera-service.ts',
        env: { BENCH_ALG: 'HS256' },
        path: '/api/auth/refresh',
        method: 'POST',
        auth: 'refresh',
      },
      // A/B of refresh design choices, side by side with the default row above
      // (docs/performance.md): Ed25519 by OpenSSL instead of libsodium, signing on the event loop.
      {
        name: 'A/B: /refresh, SQLite, Ed25519 by OpenSSL',
        server: 'tessera-service.ts',
        env: { TESSERA_ED25519: 'openssl' },
        path: '/api/auth/refresh',
        method: 'POST',
        auth: 'refresh',
      },
      {
        name: 'A/B: /refresh, SQLite, signing on the event loop',
        server: 'tessera-service.ts',
        env: { BENCH_SIGNER: 'inline' },
        path: '/api/auth/refresh',
        method: 'POST',
        auth: 'refresh',
      },
      // The same refresh row and reference under the other load generator (docs/performance.md,
      // "Load generator"): autocannon rebuilds every request whose body changes, in JavaScript
      // on the server's two cores.
      {
        name: 'A/B: bare Hono hello, load by autocannon',
        server: 'bare-hono.ts',
        path: '/hello',
        generator: 'autocannon',
      },
      {
        name: 'A/B: /refresh, SQLite, load by autocannon',
        server: 'tessera-service.ts',
        path: '/api/auth/refresh',
        method: 'POST',
        auth: 'refresh',
        generator: 'autocannon',
        ratioTo: 'A/B: bare Hono hello, load by autocannon',
      },
      {
        name: 'Tessera /refresh, PostgreSQL',
        server: 'tessera-service.ts',
        env: { BENCH_STORE: 'postgres' },
        path: '/api/auth/refresh',
        method: 'POST',
        auth: 'refresh',
        ...pg,
      },
      {
        name: 'Tessera /refresh, Redis',
        server: 'tessera-service.ts',
        env: { BENCH_STORE: 'redis' },
        path: '/api/auth/refresh',
        method: 'POST',
        auth: 'refresh',
        ...redis,
      },
      {
        name: 'A/B: /refresh, PostgreSQL, no session snapshots',
        server: 'tessera-service.ts',
        env: { BENCH_STORE: 'postgres', BENCH_SESSION_CACHE: '0' },
        path: '/api/auth/refresh',
        method: 'POST',
        auth: 'refresh',
        ...pg,
      },
      {
        name: 'better-auth get-session, SQLite',
        server: 'better-auth.ts',
        path: '/api/auth/get-session',
        auth: 'cookie',
      },
      {
        name: 'better-auth get-session, SQLite + cookie cache',
        server: 'better-auth.ts',
        env: { BENCH_COOKIE_CACHE: '1' },
        path: '/api/auth/get-session',
        auth: 'cookie',
      },
    ],
  },
  {
    reference: { name: 'bare Fastify hello', server: 'bare-fastify.ts', path: '/hello' },
    scenarios: [
      {
        name: 'Tessera Fastify adapter, EdDSA',
        server: 'tessera-fastify.ts',
        path: '/protected',
        auth: 'bearer',
        target: '≥ 60% of bare, p99 ≤ 10 ms',
      },
      {
        name: 'Tessera Fastify adapter, HS256',
        server: 'tessera-fastify.ts',
        env: { BENCH_ALG: 'HS256' },
        path: '/protected',
        auth: 'bearer',
      },
    ],
  },
  {
    reference: { name: 'bare Express hello', server: 'bare-express.ts', path: '/hello' },
    scenarios: [
      {
        name: 'Tessera Express adapter, EdDSA',
        server: 'tessera-express.ts',
        path: '/protected',
        auth: 'bearer',
        target: '≥ 60% of bare, p99 ≤ 10 ms',
      },
      {
        name: 'express + express-session (memory)',
        server: 'express-session.ts',
        path: '/protected',
        auth: 'cookie',
      },
    ],
  },
];
