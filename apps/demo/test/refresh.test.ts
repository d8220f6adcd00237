import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BROWSER_RETRY, browserAvailable, launchBrowser } from './support/browser.ts';
import { startTestDemo, type TestDemo } from './support/demo.ts';
import { apiCall, isRefresh, screenshot, signIn } from './support/pages.ts';

// Browser scenarios run many steps against a real Chromium; under a full parallel run on two
// cores they need more than the default 20 s.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

// Access tokens live 60 s; the test moves the server clock past that instead of waiting.
const ACCESS_TTL_MS = 60_000;
const PAST_EXPIRY_MS = ACCESS_TTL_MS + 10_000;

describe.runIf(browserAvailable())(
  'silent refresh and token storage',
  { retry: BROWSER_RETRY },
  () => {
    let demo: TestDemo;
    let browser: Browser;

    beforeAll(async () => {
      [demo, browser] = await Promise.all([
        startTestDemo({ env: { TESSERA_ACCESS_TTL: '60s', TESSERA_IDLE_TIMEOUT: '10m' } }),
        launchBrowser(),
      ]);
    });
    afterAll(async () => {
      await browser?.close();
      await demo?.stop();
    });

    it('an API call after the access token expired succeeds through one silent refresh', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, demo.url);
      await screenshot(page, 'notes');
      const refreshes: Request[] = [];
      const expiredAnswers: number[] = [];
      page.on('request', (req) => isRefresh(req) && refreshes.push(req));
      page.on('response', async (res) => {
        if (res.status() === 401 && res.url().endsWith('/api/auth/me')) {
          const body = (await res.json().catch(() => ({}))) as { code?: string };
          if (body.code === 'token_expired') expiredAnswers.push(res.status());
        }
      });

      demo.clock.advance(PAST_EXPIRY_MS);
      expect(await apiCall(page, '/api/auth/me')).toEqual([200]);
      expect(expiredAnswers).toHaveLength(1); // the old token really was refused
      expect(refreshes).toHaveLength(1);
      await context.close();
    });

    it('three tabs and ten parallel calls with an expired token make exactly one /refresh', async () => {
      const context = await browser.newContext();
      const first = await context.newPage();
      await signIn(first, demo.url);
      const others = [await context.newPage(), await context.newPage()];
      for (const tab of others) {
        await tab.goto(`${demo.url}/#/notes`);
        await tab.getByRole('heading', { name: 'Notes', level: 1 }).waitFor();
      }
      const refreshes: Request[] = [];
      context.on('request', (req) => isRefresh(req) && refreshes.push(req));

      demo.clock.advance(PAST_EXPIRY_MS);
      const statuses = await Promise.all([
        apiCall(first, '/api/auth/me', 4),
        apiCall(others[0]!, '/api/auth/me', 3),
        apiCall(others[1]!, '/api/auth/session-info', 3),
      ]);
      expect(statuses.flat()).toEqual(Array(10).fill(200));
      expect(refreshes).toHaveLength(1);
      await context.close();
    });

    it('no token is readable from cookies, Web Storage or IndexedDB', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const seen = new Set<string>();
      page.on('response', async (res) => {
        const path = new URL(res.url()).pathname;
        if (path.endsWith('/login') || path.endsWith('/refresh')) {
          const cookie = (await res.allHeaders())['set-cookie'] ?? '';
          for (const m of cookie.matchAll(/tessera-refresh=([^;\s]+)/g)) if (m[1]) seen.add(m[1]);
          const body = (await res.json().catch(() => ({}))) as { accessToken?: string };
          if (body.accessToken) seen.add(body.accessToken);
        }
      });
      page.on('request', async (req) => {
        const auth = (await req.allHeaders()).authorization;
        if (auth?.startsWith('Bearer ')) seen.add(auth.slice(7));
      });
      await signIn(page, demo.url);
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Where you’re signed in' }).waitFor();
      demo.clock.advance(PAST_EXPIRY_MS);
      expect(await apiCall(page, '/api/auth/me')).toEqual([200]);

      const cookies = await context.cookies();
      const refreshCookie = cookies.find((c) => c.name.endsWith('tessera-refresh'));
      expect(refreshCookie?.httpOnly).toBe(true);
      expect(refreshCookie?.sameSite).toBe('Strict');
      expect(seen.size).toBeGreaterThanOrEqual(3); // access tokens and refresh tokens were seen

      const readable = await page.evaluate(async () => {
        const values: string[] = [document.cookie];
        for (const store of [localStorage, sessionStorage]) {
          for (let i = 0; i < store.length; i++) {
            const key = store.key(i) ?? '';
            values.push(key, store.getItem(key) ?? '');
          }
        }
        for (const info of await indexedDB.databases()) {
          if (!info.name) continue;
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            const req = indexedDB.open(info.name!);
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          });
          for (const name of Array.from(db.objectStoreNames)) {
            const all = await new Promise<unknown[]>((resolve, reject) => {
              const req = db.transaction(name).objectStore(name).getAll();
              req.onsuccess = () => resolve(req.result);
              req.onerror = () => reject(req.error);
            });
            values.push(JSON.stringify(all));
          }
          db.close();
        }
        return values.join('\n');
      });
      for (const token of seen) expect(readable.includes(token)).toBe(false);
      expect(readable).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no JWT at all
      await context.close();
    });
  },
);

describe.runIf(browserAvailable())('short access tokens', { retry: BROWSER_RETRY }, () => {
  // Regression: a fixed 30 s proactive-refresh lead made every token shorter than that refresh
  // again at once, looping until the client's circuit breaker signed the user out.
  it('a 10 s access TTL refreshes once per token lifetime, not in a loop', async () => {
    const [demo, browser] = await Promise.all([
      startTestDemo({ env: { TESSERA_ACCESS_TTL: '10s', TESSERA_IDLE_TIMEOUT: '10m' } }),
      launchBrowser(),
    ]);
    try {
      const context = await browser.newContext();
      await context.clock.install();
      const page = await context.newPage();
      await signIn(page, demo.url);
      let refreshes = 0;
      const inFlight = new Set<Request>();
      page.on('request', (req) => {
        inFlight.add(req);
        if (isRefresh(req)) refreshes++;
      });
      page.on('requestfinished', (req) => inFlight.delete(req));
      page.on('requestfailed', (req) => inFlight.delete(req));
      const firstRefresh = page.waitForResponse((res) => isRefresh(res.request()));
      for (let i = 0; i < 10; i++) {
        demo.clock.advance(1_000);
        await page.clock.runFor(1_000);
        // A round trip through the page, then every request it started must have finished.
        await page.evaluate(() => navigator.locks.query());
        await expect.poll(() => inFlight.size).toBe(0);
      }
      await firstRefresh;
      expect(await page.getByRole('heading', { name: 'Notes', level: 1 }).isVisible()).toBe(true);
      expect(refreshes).toBeGreaterThanOrEqual(1);
      expect(refreshes).toBeLessThanOrEqual(3);
    } finally {
      await browser.close();
      await demo.stop();
    }
  });
});
