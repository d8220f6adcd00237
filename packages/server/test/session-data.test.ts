import { Cookies } from '@tessera/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { auth, bearer, createHarness, type Harness, login, START } from './support/harness.ts';

let h: Harness;
afterEach(async () => h.close());

const DATA = auth('/session/data');

function patch(token: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...bearer(token), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(((await res.json()) as { code: string }).code).toBe(code);
}

async function setup(env: Record<string, string> = {}) {
  h = await createHarness(env);
  await h.addUser('alice@example.com');
  return login(h, 'alice@example.com');
}

const read = async (token: string) =>
  (await (await h.request(DATA, { headers: bearer(token) })).json()) as {
    data: Record<string, unknown>;
    version: number;
  };

describe('GET /session/data', () => {
  it('starts empty at version 0, with serverTime', async () => {
    const { accessToken } = await setup();
    const res = await h.request(DATA, { headers: bearer(accessToken) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      data: {},
      version: 0,
      serverTime: new Date(START).toISOString(),
    });
  });

  it('needs a bearer access token: the refresh cookie alone gets 401', async () => {
    const { refreshToken } = await setup();
    const res = await h.request(DATA, {
      headers: { cookie: `${Cookies.refresh}=${refreshToken}` },
    });
    await expectProblem(res, 401, 'invalid_token');
  });
});

describe('PATCH /session/data', () => {
  it('sets keys, answers the new data and version; the stored column is ciphertext', async () => {
    const { accessToken, sessionId } = await setup();
    const res = await h.request(
      DATA,
      patch(accessToken, { version: 0, set: { cart: ['sku-42'] } }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      data: { cart: ['sku-42'] },
      version: 1,
      serverTime: new Date(START).toISOString(),
    });
    const stored = (await h.store.get(sessionId))?.data ?? '';
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain('sku-42');
    expect(await read(accessToken)).toMatchObject({ data: { cart: ['sku-42'] }, version: 1 });
  });

  it('a stale version ⇒ 409 version_conflict, nothing written', async () => {
    const { accessToken } = await setup();
    await h.request(DATA, patch(accessToken, { version: 0, set: { a: 1 } }));
    const res = await h.request(DATA, patch(accessToken, { version: 0, set: { a: 2 } }));
    await expectProblem(res, 409, 'version_conflict');
    expect(await read(accessToken)).toMatchObject({ data: { a: 1 }, version: 1 });
  });

  it('null deletes a key', async () => {
    const { accessToken } = await setup();
    await h.request(DATA, patch(accessToken, { version: 0, set: { a: 1, b: 2 } }));
    const res = await h.request(DATA, patch(accessToken, { version: 1, set: { a: null } }));
    expect(await res.json()).toMatchObject({ data: { b: 2 }, version: 2 });
  });

  it('over the size cap ⇒ 413 quota_exceeded, nothing written', async () => {
    const { accessToken } = await setup({ TESSERA_SESSION_DATA_MAX_BYTES: '64' });
    await h.request(DATA, patch(accessToken, { version: 0, set: { k: 'x'.repeat(40) } }));
    const res = await h.request(
      DATA,
      patch(accessToken, { version: 1, set: { more: 'y'.repeat(20) } }),
    );
    await expectProblem(res, 413, 'quota_exceeded');
    expect(await read(accessToken)).toEqual(
      expect.objectContaining({ data: { k: 'x'.repeat(40) }, version: 1 }),
    );
  });

  it('a body over 16 KiB ⇒ 413 payload_too_large, nothing written', async () => {
    const { accessToken, sessionId } = await setup();
    const res = await h.request(
      DATA,
      patch(accessToken, { version: 0, set: { k: 'x'.repeat(17 * 1024) } }),
    );
    await expectProblem(res, 413, 'payload_too_large');
    expect((await h.store.get(sessionId))?.dataVersion).toBe(0);
  });

  it('bad input ⇒ 400 invalid_request and changes nothing', async () => {
    const { accessToken, sessionId } = await setup();
    const bodies: unknown[] = [
      { version: 0, set: { a: 1 }, extra: true },
      { version: '0', set: { a: 1 } },
      { version: -1, set: { a: 1 } },
      { version: 0 },
      { version: 0, set: [1] },
      { version: 0, set: { '': 1 } },
      '{"version":0,"set":',
      '[]',
    ];
    for (const body of bodies) {
      const res = await h.request(DATA, patch(accessToken, body));
      await expectProblem(res, 400, 'invalid_request');
    }
    expect(await h.store.get(sessionId)).toMatchObject({ data: null, dataVersion: 0 });
  });

  it('JSON only: text/plain and form bodies ⇒ 415, nothing written', async () => {
    const { accessToken, sessionId } = await setup();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await h.request(
        DATA,
        patch(accessToken, { version: 0, set: { a: 1 } }, { 'content-type': type }),
      );
      await expectProblem(res, 415, 'unsupported_media_type');
    }
    expect((await h.store.get(sessionId))?.dataVersion).toBe(0);
  });

  it('cross-site: the refresh cookie never authorizes a change (401), nothing written', async () => {
    const { refreshToken, sessionId } = await setup({});
    const res = await h.request(DATA, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/json',
        cookie: `${Cookies.refresh}=${refreshToken}`,
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      body: JSON.stringify({ version: 0, set: { a: 1 } }),
    });
    await expectProblem(res, 401, 'invalid_token');
    expect((await h.store.get(sessionId))?.dataVersion).toBe(0);
  });

  it('a revoked session is refused with its reason; an idle-expired one too', async () => {
    const { accessToken } = await setup();
    await h.request(auth('/logout'), { method: 'POST', headers: bearer(accessToken) });
    for (const init of [
      { headers: bearer(accessToken) },
      patch(accessToken, { version: 0, set: {} }),
    ]) {
      const res = await h.request(DATA, init);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'session_revoked', reason: 'logout' });
    }
    const second = await login(h, 'alice@example.com');
    h.clock.advance(16 * 60_000);
    const res = await h.request(DATA, patch(second.accessToken, { version: 0, set: { a: 1 } }));
    expect(res.status).toBe(401);
    expect((await h.store.get(second.sessionId))?.dataVersion).toBe(0);
  });

  it('data copied from another session fails closed (500 internal), nothing leaks', async () => {
    const alice = await setup();
    await h.addUser('bob@example.com');
    const bob = await login(h, 'bob@example.com');
    await h.request(DATA, patch(alice.accessToken, { version: 0, set: { secret: 'alice' } }));
    const blob = (await h.store.get(alice.sessionId))?.data ?? null;
    await h.store.updateData({ sessionId: bob.sessionId, expectedDataVersion: 0, data: blob });
    const res = await h.request(DATA, { headers: bearer(bob.accessToken) });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain('"code":"internal"');
    expect(text).not.toContain('alice');
  });
});

describe('OpenAPI', () => {
  it('documents GET/PATCH /session/data and POST /anonymous with their error codes', async () => {
    h = await createHarness();
    const doc = (await (await h.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
    };
    const data = doc.paths['/api/auth/session/data'];
    expect(Object.keys(data ?? {}).sort()).toEqual(['get', 'patch']);
    expect(data?.patch?.responses['409']?.description).toContain('version_conflict');
    expect(data?.patch?.responses['413']?.description).toContain('quota_exceeded');
    expect(data?.patch?.responses['415']?.description).toContain('unsupported_media_type');
    expect(doc.paths['/api/auth/anonymous']?.post?.responses['429']?.description).toContain(
      'rate_limited',
    );
  });
});
