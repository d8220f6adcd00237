import { AUTH_BASE_PATH, Routes } from '@tessera/protocol';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { startTestDemo, type TestDemo } from './support/demo.ts';
import { DEMO_USER, screenshot } from './support/pages.ts';

// Browser scenarios run many steps against a real Chromium; under a full parallel run on two
// cores they need more than the default 20 s.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const LOGIN = AUTH_BASE_PATH + Routes.login;

describe.runIf(browserAvailable())('sign-in rate limit', () => {
  let demo: TestDemo;
  let browser: Browser;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startTestDemo(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('Retry-After: a countdown, the button stays disabled and nothing is sent until it ends', async () => {
    const context = await browser.newContext();
    await context.clock.install();
    const page = await context.newPage();
    await page.goto(`${demo.url}/#/login`);
    // Use up the account's failed attempts directly against the API (10 per 15 minutes).
    const statuses = await page.evaluate(async (path) => {
      const out: number[] = [];
      for (let i = 0; i < 11; i++) {
        const res = await fetch(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-tessera-csrf': '1' },
          body: JSON.stringify({
            email: 'demo@example.com',
            password: 'wrong',
            transport: 'cookie',
          }),
        });
        out.push(res.status);
      }
      return out;
    }, LOGIN);
    expect(statuses.at(-1)).toBe(429);

    const logins: string[] = [];
    page.on('request', (req) => {
      if (new URL(req.url()).pathname === LOGIN) logins.push(req.url());
    });
    await page.getByLabel('Email').fill(DEMO_USER.email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_USER.password);
    const button = page.getByRole('button', { name: 'Sign in' });
    await button.click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ state: 'attached' });
    const first = Number(/Try again in (\d+) s\./.exec((await alert.textContent()) ?? '')?.[1]);
    expect(first).toBeGreaterThan(800); // the server's window is 15 minutes
    const visible = page.locator('p.tessera-error-text');
    expect(await visible.textContent()).toMatch(/^Too many attempts\. Try again in \d+ s\.$/);
    expect(await button.getAttribute('aria-disabled')).toBe('true');
    await screenshot(page, 'sign-in-rate-limited');
    expect(logins).toHaveLength(1);

    // The countdown ticks; pressing the button (or Enter) again sends nothing.
    await page.clock.runFor(5_000);
    const later = Number(/(\d+) s\./.exec((await visible.textContent()) ?? '')?.[1]);
    expect(later).toBeLessThanOrEqual(first - 4);
    expect((await alert.textContent()) ?? '').toContain(`${first} s.`); // announced once, unchanged
    await button.click({ force: true }); // Playwright would wait for aria-disabled to go away
    await page.getByLabel('Password', { exact: true }).press('Enter');
    await page.clock.runFor(1_000);
    expect(logins).toHaveLength(1);

    // After Retry-After the button works again and the sign-in goes through.
    demo.clock.advance(first * 1000 + 1_000);
    await page.clock.fastForward(first * 1000);
    await page.clock.runFor(1_000);
    await page
      .getByRole('status')
      .filter({ hasText: 'You can try to sign in again now.' })
      .waitFor({
        state: 'attached',
      });
    expect(await button.getAttribute('aria-disabled')).toBe('false');
    await button.click();
    await page.getByRole('heading', { name: 'Notes', level: 1 }).waitFor();
    expect(logins).toHaveLength(2);
    await context.close();
  });
});
