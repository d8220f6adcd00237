import { CSRF_HEADER_VALUE, Headers as H } from '@tessera/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BROWSER_RETRY, browserAvailable, launchBrowser } from './support/browser.ts';
import { startTestDemo, type TestDemo } from './support/demo.ts';
import {
  apiCall,
  DEMO_USER,
  pin,
  pinnedList,
  screenshot,
  sessionInfo,
  startGuest,
} from './support/pages.ts';

// Browser scenarios run many steps against a real Chromium; under a full parallel run on two
// cores they need more than the default 20 s.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

// A small session-data cap, so that a few long pins reach it (quota_exceeded).
const DATA_CAP_BYTES = 700;

/** Writes a pin behind the page's back, as another tab of the same session would. */
function pinFromAnotherTab(page: Page, text: string): Promise<void> {
  return page.evaluate(async (text) => {
    type Data = { data: Record<string, unknown>; version: number };
    const { client } = (
      window as unknown as {
        __tesseraDemo: {
          client: {
            getSessionData(): Promise<Data>;
            updateSessionData(p: { version: number; set: Record<string, unknown> }): Promise<Data>;
          };
        };
      }
    ).__tesseraDemo;
    const { data, version } = await client.getSessionData();
    const pins = Array.isArray(data.pinned) ? data.pinned : [];
    await client.updateSessionData({ version, set: { pinned: [...pins, { id: 'other', text }] } });
  }, text);
}

describe.runIf(browserAvailable())('guest sessions', { retry: BROWSER_RETRY }, () => {
  let demo: TestDemo;
  let browser: Browser;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([
      startTestDemo({ env: { TESSERA_SESSION_DATA_MAX_BYTES: String(DATA_CAP_BYTES) } }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  /** POST /refresh with a refresh cookie from outside the browser: what the server says of it. */
  async function refreshWith(cookie: { name: string; value: string }) {
    const res = await fetch(`${demo.url}/api/auth/refresh`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `${cookie.name}=${cookie.value}`,
        [H.csrf]: CSRF_HEADER_VALUE,
      },
      body: '{}',
    });
    return { status: res.status, body: (await res.json()) as unknown };
  }

  it('a guest pins items, signs in and keeps them; the guest session ends', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await startGuest(page, demo.url);
    await screenshot(page, 'guest-banner');
    await page.setViewportSize({ width: 390, height: 844 }); // a phone: header and banner wrap
    await screenshot(page, 'guest-banner-narrow');
    await page.setViewportSize({ width: 1280, height: 720 });
    // Account pages are not offered to a guest.
    expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);

    await pin(page, 'Buy milk');
    await page.getByRole('status').filter({ hasText: 'Pinned.' }).waitFor();
    // Another tab wrote first (409 version_conflict): the page reads again and reapplies.
    await pinFromAnotherTab(page, 'Call Sam');
    await pin(page, 'Water the plants');
    await page.getByRole('status').filter({ hasText: 'changed in another tab' }).waitFor();
    expect(await pinnedList(page).getByRole('listitem').allTextContents()).toEqual([
      'Buy milkRemove',
      'Call SamRemove',
      'Water the plantsRemove',
    ]);
    await page.getByRole('button', { name: 'Remove “Call Sam”' }).click();
    await pinnedList(page).getByText('Call Sam').waitFor({ state: 'detached' });
    // Focus rests on the list's heading, not on the page (the pressed button is gone).
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('Pinned for this session');

    const guest = await sessionInfo(page);
    const guestCookie = (await context.cookies()).find((c) => c.name.endsWith('tessera-refresh'));
    if (!guestCookie?.value) throw new Error('no refresh cookie for the guest session');

    await page.getByRole('link', { name: 'Sign in to keep them' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // Still a guest here: the way back keeps the session (a new guest would lose the pins).
    await page.getByRole('button', { name: 'Back to your guest session' }).waitFor();
    await screenshot(page, 'guest-sign-in');
    await page.getByLabel('Email').fill(DEMO_USER.email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Notes', level: 1 }).waitFor();
    await page.getByText('Kept from your guest session.').waitFor();
    expect(await pinnedList(page).getByRole('listitem').allTextContents()).toEqual([
      'Buy milkRemove',
      'Water the plantsRemove',
    ]);
    expect(await page.getByRole('region', { name: 'You are using a guest session' }).count()).toBe(
      0,
    );
    await page.getByText(DEMO_USER.email).waitFor();
    await screenshot(page, 'guest-signed-in');

    // A new user session, and the guest's own session is over (ended as `logout`).
    const user = await sessionInfo(page);
    expect(user.sessionId).not.toBe(guest.sessionId);
    const old = await refreshWith(guestCookie);
    expect(old.status).toBe(401);
    expect(old.body).toMatchObject({ code: 'session_revoked', reason: 'logout' });
    await context.close();
  });

  it('a guest cannot reach account pages: they are explained, and the server refuses them', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await startGuest(page, demo.url);
    await page.goto(`${demo.url}/#/settings`);
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByText('This page belongs to an account').waitFor();
    expect(await page.getByRole('region', { name: 'Where you’re signed in' }).count()).toBe(0);
    expect(await page.getByLabel('Current password').count()).toBe(0);
    await screenshot(page, 'guest-account-only');

    // The server answers 403 `forbidden` (the session stays a live guest).
    expect(await apiCall(page, '/api/auth/sessions')).toEqual([403]);
    expect(await apiCall(page, '/api/demo/recovery-codes')).toEqual([403]);
    await page.goto(`${demo.url}/#/admin`);
    await page.getByRole('heading', { name: 'Admin', level: 1 }).waitFor();
    await page.getByText('This page belongs to an account').waitFor();
    // Its sign-in link comes back to this page.
    expect(
      await page.getByRole('link', { name: 'Sign in', exact: true }).getAttribute('href'),
    ).toBe('#/login?next=/admin');
    await page.getByRole('region', { name: 'You are using a guest session' }).waitFor();

    // "End guest session" signs out like "Sign out".
    await page.getByRole('button', { name: 'End guest session' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('button', { name: 'Continue as a guest' }).waitFor();
    await context.close();
  });

  it('a pin over the session-data cap shows the quota message and changes nothing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await startGuest(page, demo.url);
    const long = (n: number) => `${n} ${'x'.repeat(190)}`;
    await pin(page, long(1));
    await pin(page, long(2));
    await page.getByLabel('Pin a reminder').fill(long(3));
    await page.getByRole('button', { name: 'Pin', exact: true }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'There is too much to save here. Please remove something and try again.' })
      .waitFor();
    expect(await pinnedList(page).getByRole('listitem').count()).toBe(2);
    // The text stays in the field, so nothing typed is lost.
    expect(await page.getByLabel('Pin a reminder').inputValue()).toBe(long(3));
    await context.close();
  });
});
