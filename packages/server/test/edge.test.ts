import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ProblemSchema,
  SessionInfoResponseSchema,
  SessionListResponseSchema,
  TokenResponseSchema,
} from '../src/internal/schemas.ts';
import { auth, bearer, createHarness, type Harness, login, PASSWORD } from './support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.addUser('alice@example.com');
});
afterEach(async () => h.close());

const post = (
  path: string,
  body: BodyInit | null,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) => h.request(auth(path), { method: 'POST', headers, body });

async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = await res.json();
  expect(ProblemSchema.parse(body)).toMatchObject({ status, code });
  return body as Record<string, unknown>;
}

describe('bad input never yields 500', () => {
  it('malformed JSON ⇒ 400', async () => {
    await expectProblem(await post('/login', '{"email":'), 400, 'invalid_request');
  });
  it('wrong types ⇒ 400 with issues naming the field, not echoing the value', async () => {
    const body = await expectProblem(
      await post('/login', JSON.stringify({ email: 'alice@example.com', password: 12345678 })),
      400,
      'invalid_request',
    );
    expect(JSON.stringify(body.issues)).toContain('password');
    expect(JSON.stringify(body)).not.toContain('12345678');
  });
  it('extra fields ⇒ 400', async () => {
    await expectProblem(
      await post(
        '/login',
        JSON.stringify({ email: 'alice@example.com', password: PASSWORD, admin: true }),
      ),
      400,
      'invalid_request',
    );
  });
  it('a JSON array or null body ⇒ 400', async () => {
    await expectProblem(await post('/login', '[]'), 400, 'invalid_request');
    await expectProblem(await post('/login', 'null'), 400, 'invalid_request');
  });
  it('declared body over 16 KiB ⇒ 413', async () => {
    const big = JSON.stringify({ email: 'alice@example.com', password: 'x'.repeat(20_000) });
    await expectProblem(await post('/login', big), 413, 'payload_too_large');
  });
  it('streamed body over 16 KiB without Content-Length ⇒ 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(4096));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await h.request(auth('/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expectProblem(res, 413, 'payload_too_large');
  });
  it('non-JSON state change ⇒ 415', async () => {
    await expectProblem(
      await post('/login', 'email=a&password=b', {
        'content-type': 'application/x-www-form-urlencoded',
      }),
      415,
      'unsupported_media_type',
    );
    await expectProblem(
      await post('/refresh', '{}', { 'content-type': 'text/plain' }),
      415,
      'unsupported_media_type',
    );
  });
  it('oversized Authorization or Cookie header ⇒ 431', async () => {
    const res = await h.request(auth('/me'), {
      headers: { authorization: `Bearer ${'a'.repeat(9000)}` },
    });
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const cookie = await h.request(auth('/refresh'), {
      method: 'POST',
      headers: { cookie: `x=${'a'.repeat(9000)}` },
    });
    expect(cookie.status).toBe(431);
  });
  it('a token in the query string is refused', async () => {
    const s = await login(h, 'alice@example.com');
    await expectProblem(
      await h.request(auth(`/me?access_token=${s.accessToken}`)),
      400,
      'invalid_request',
    );
    await expectProblem(
      await post(`/refresh?refresh_token=${s.refreshToken}`, '{}'),
      400,
      'invalid_request',
    );
  });
  it('garbage bearer tokens ⇒ 401 invalid_token with WWW-Authenticate', async () => {
    for (const value of ['Bearer abc', 'Bearer', 'Basic Zm9vOmJhcg==', 'Bearer a.b.c']) {
      const res = await h.request(auth('/me'), { headers: { authorization: value } });
      const body = await expectProblem(res, 401, 'invalid_token');
      expect(body.code).toBe('invalid_token');
      expect(res.headers.get('www-authenticate')).toBe(
        'Bearer realm="tessera", error="invalid_token"',
      );
    }
  });
  it('unknown routes ⇒ 404 problem', async () => {
    await expectProblem(await h.request('/api/auth/nope'), 404, 'not_found');
  });
});

describe('store outage fails closed', () => {
  it('login ⇒ 503 unavailable with Retry-After and no token', async () => {
    h.setStoreDown(true);
    const res = await post(
      '/login',
      JSON.stringify({ email: 'alice@example.com', password: PASSWORD }),
    );
    const body = await expectProblem(res, 503, 'unavailable');
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(JSON.stringify(body)).not.toMatch(/accessToken|stack|at .*\.ts/);
  });
  it('refresh and session routes ⇒ 503, never 401', async () => {
    const s = await login(h, 'alice@example.com');
    h.setStoreDown(true);
    await expectProblem(
      await post('/refresh', JSON.stringify({ refreshToken: s.refreshToken })),
      503,
      'unavailable',
    );
    await expectProblem(
      await h.request(auth('/session-info'), { headers: bearer(s.accessToken) }),
      503,
      'unavailable',
    );
    const ready = await h.request('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBeTruthy();
    h.setStoreDown(false);
    expect((await post('/refresh', JSON.stringify({ refreshToken: s.refreshToken }))).status).toBe(
      200,
    );
  });
});

describe('response headers', () => {
  it('security headers on API responses; no-store on /api/auth', async () => {
    const res = await post(
      '/login',
      JSON.stringify({ email: 'alice@example.com', password: PASSWORD }),
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
    expect(res.headers.get('server-time')).toBe('2030-01-01T00:00:00.000Z');
    const health = await h.request('/healthz');
    expect(health.headers.get('x-frame-options')).toBe('DENY');
  });
  it('no HSTS when cookies are not Secure (plain-http development)', async () => {
    await h.close();
    h = await createHarness({ TESSERA_COOKIE_SECURE: 'false' });
    expect((await h.request('/healthz')).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('problem+json', () => {
  it('session_revoked carries reason; 401 carries WWW-Authenticate; JSON body matches RFC 9457', async () => {
    const s = await login(h, 'alice@example.com');
    await h.request(auth('/logout'), { method: 'POST', headers: bearer(s.accessToken) });
    const res = await h.request(auth('/session-info'), { headers: bearer(s.accessToken) });
    const body = await expectProblem(res, 401, 'session_revoked');
    expect(body).toMatchObject({
      type: 'https://tessera.dev/errors/session_revoked',
      title: 'Session ended',
      reason: 'logout',
    });
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
  it('successful bodies match the documented schemas', async () => {
    const res = await post(
      '/login',
      JSON.stringify({ email: 'alice@example.com', password: PASSWORD, transport: 'bearer' }),
    );
    const body = await res.json();
    expect(TokenResponseSchema.safeParse(body).success).toBe(true);
    const s = await login(h, 'alice@example.com');
    const info = await (
      await h.request(auth('/session-info'), { headers: bearer(s.accessToken) })
    ).json();
    expect(SessionInfoResponseSchema.safeParse(info).success).toBe(true);
    const list = await (
      await h.request(auth('/sessions'), { headers: bearer(s.accessToken) })
    ).json();
    expect(SessionListResponseSchema.safeParse(list).success).toBe(true);
  });
});
