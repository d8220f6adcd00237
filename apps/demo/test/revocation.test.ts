import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BROWSER_RETRY, browserAvailable, launchBrowser } from './support/browser.ts';
import { startTestDemo, type TestDemo } from './support/demo.ts';
import { ADMIN_USER, screenshot, signIn } from './support/pages.ts';

// Browser scenarios run many steps against a real Chromium; under a full parallel run on two
// cores they need more than the default 20 s.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe.runIf(browserAvailable())('sessions ended elsewhere', { retry: BROWSER_RETRY }, () => {
  let demo: TestDemo;
  let browser: Browser;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startTestDemo(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  /** Any user action that reaches the API: open Settings (lists the sessions). */
  async function touchApi(page: Page): Promise<void> {
    await page.getByRole('link', { name: 'Settings' }).click();
  }

  it('a session revoked from another device shows the revoked message', async () => {
    const a = await (await browser.newContext()).newPage();
    const b = await (await browser.newContext()).newPage();
    await signIn(a, demo.url);
    await signIn(b, demo.url);

    await touchApi(b);
    const sessions = b.getByRole('region', { name: 'Where you’re signed in' });
    await sessions.getByText('This device').waitFor();
    await sessions
      .getByRole('button', { name: /^Revoke session/ })
      .first()
      .waitFor();
    await screenshot(b, 'active-sessions');
    await sessions
      .getByRole('button', { name: /^Revoke session/ })
      .first()
      .click();
    const confirm = b.getByRole('dialog', { name: 'Sign out this session?' });
    await confirm.waitFor();
    await screenshot(b, 'revoke-confirm', false);
    await confirm.getByRole('button', { name: 'Sign out session' }).click();
    await confirm.waitFor({ state: 'hidden' });
    // Focus lands on the list heading, not on the removed row's button (or the page body).
    await expect
      .poll(() => b.evaluate(() => document.activeElement?.textContent))
      .toBe('Where you’re signed in');
    await b
      .getByRole('status')
      .filter({ hasText: 'Signed out 1 session.' })
      .waitFor({ state: 'attached' });

    await touchApi(a);
    const modal = a.getByRole('alertdialog', { name: 'Session expired' });
    await modal.waitFor();
    expect(await modal.textContent()).toContain('This session was signed out from another device.');
    await screenshot(a, 'revoked-modal', false);
    await modal.getByRole('button', { name: 'Log in again' }).click();
    expect(a.url()).toContain('reason=revoked_by_user');
    await a.context().close();
    await b.context().close();
  });

  it('a password change on device B shows the password-changed message on device A', async () => {
    const a = await (await browser.newContext()).newPage();
    const b = await (await browser.newContext()).newPage();
    await signIn(a, demo.url, ADMIN_USER);
    await signIn(b, demo.url, ADMIN_USER);
    // The admin role has its own, shorter idle timeout (TESSERA_ROLE_POLICIES).
    await a.getByRole('link', { name: 'Admin' }).click();
    await a.getByText('signed out after 10 minutes of inactivity').waitFor();
    await screenshot(a, 'admin');

    await touchApi(b);
    // Two fixed live regions (an error alert, a success status), present before any message, so
    // inserted text is announced; a region never switches its role.
    const form = b.locator('form[aria-labelledby="password-title"]');
    const errorRegion = form.locator('[role="alert"]');
    const statusRegion = form.locator('[role="status"]');
    // The Settings page renders after the click: wait for the form before counting its regions.
    await form.waitFor();
    expect([await errorRegion.count(), await statusRegion.count()]).toEqual([1, 1]);
    expect(await errorRegion.textContent()).toBe('');
    await b.getByLabel('Current password').fill(ADMIN_USER.password);
    await b.getByLabel('New password', { exact: true }).fill('a-brand-new-password-456');
    await b.getByLabel('Confirm new password').fill('a-different-password-789');
    await b.getByRole('button', { name: 'Change password' }).click();
    expect(await errorRegion.textContent()).toBe('The two new passwords do not match.');
    await b.getByLabel('Confirm new password').fill('a-brand-new-password-456');
    await b.getByRole('button', { name: 'Change password' }).click();
    await b.getByText(/Password changed\. 1 other session was signed out\./).waitFor();
    expect(await statusRegion.textContent()).toMatch(/^Password changed\./);
    expect(await errorRegion.textContent()).toBe('');
    // The list reloads: the session the password change ended is gone from it.
    await expect.poll(() => b.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
    await screenshot(b, 'password-changed');

    await touchApi(a);
    const modal = a.getByRole('alertdialog', { name: 'Session expired' });
    await modal.waitFor();
    expect(await modal.textContent()).toContain(
      'Your password was changed recently. For your security, please log in again.',
    );
    await a.context().close();
    await b.context().close();
  });

  it('"Sign out all other sessions" ends every other session after a confirmation', async () => {
    const pages = [];
    for (let i = 0; i < 3; i++) {
      const page = await (await browser.newContext()).newPage();
      await signIn(page, demo.url);
      pages.push(page);
    }
    const [me, ...others] = pages as [Page, Page, Page];
    await touchApi(me);
    const all = me.getByRole('button', { name: /^Sign out all other sessions \((\d+)\)$/ });
    await all.waitFor();
    const count = Number((await all.textContent())?.match(/\((\d+)\)/)?.[1]);
    expect(count).toBeGreaterThanOrEqual(2);
    await all.click();
    const confirm = me.getByRole('dialog', { name: 'Sign out all other sessions?' });
    await confirm.getByRole('button', { name: 'Sign out all others' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await all.waitFor({ state: 'detached' });
    expect(await me.getByRole('button', { name: /^Revoke session/ }).count()).toBe(0);
    for (const other of others) {
      await touchApi(other);
      await other.getByRole('alertdialog', { name: 'Session expired' }).waitFor();
    }
    for (const page of pages) await page.context().close();
  });

  it('the sessions list shows an error with a working retry when loading fails', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, demo.url);
    await page.route('**/api/auth/sessions', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: '{"code":"unavailable","status":503,"title":"Service unavailable","type":"about:blank"}',
      }),
    );
    await touchApi(page);
    const alert = page.getByRole('alert').filter({ hasText: 'Could not load your sessions.' });
    await alert.waitFor();
    await screenshot(page, 'active-sessions-error');
    await page.unroute('**/api/auth/sessions');
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('This device').waitFor();
    await page.context().close();
  });

  it('"Sign out everywhere" asks for confirmation, then ends every session', async () => {
    const a = await (await browser.newContext()).newPage();
    const b = await (await browser.newContext()).newPage();
    await signIn(a, demo.url);
    await signIn(b, demo.url);
    await touchApi(b);
    const button = b.getByRole('button', { name: 'Sign out everywhere' });
    await button.click();
    const confirm = b.getByRole('dialog', { name: 'Sign out everywhere?' });
    await confirm.waitFor();
    // Focus starts on the safe choice; Cancel changes nothing.
    expect(
      await confirm
        .getByRole('button', { name: 'Cancel' })
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);
    await screenshot(b, 'sign-out-everywhere-confirm', false);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(await b.getByRole('heading', { name: 'Settings' }).isVisible()).toBe(true);

    await button.click();
    await confirm.getByRole('button', { name: 'Sign out everywhere' }).click();
    await b.getByRole('heading', { name: 'Sign in' }).waitFor();
    await touchApi(a);
    await a.getByRole('alertdialog', { name: 'Session expired' }).waitFor();
    await a.context().close();
    await b.context().close();
  });

  it('"last active" uses the server\'s time, not a wrong device clock', async () => {
    // The server's clock runs 2 hours ahead of the browser's from here on.
    demo.clock.advance(2 * 3600_000);
    const a = await (await browser.newContext()).newPage();
    const b = await (await browser.newContext()).newPage();
    await signIn(a, demo.url);
    await signIn(b, demo.url);
    await touchApi(b);
    const sessions = b.getByRole('region', { name: 'Where you’re signed in' });
    await sessions.getByText('This device').waitFor();
    const times = await sessions.locator('time').allTextContents();
    expect(times.length).toBeGreaterThan(0);
    expect(times).toContain('just now'); // device A, signed in a moment ago
    expect(times.join(' ')).not.toMatch(/^in |\bin \d/); // never "in 2 hours"
    await a.context().close();
    await b.context().close();
  });

  it('logging out in one tab signs out the other tabs', async () => {
    const context = await browser.newContext();
    const first = await context.newPage();
    await signIn(first, demo.url);
    const second = await context.newPage();
    await second.goto(`${demo.url}/#/settings`);
    await second.getByRole('heading', { name: 'Settings' }).waitFor();

    await first.getByRole('button', { name: 'Sign out' }).click();
    await first.getByRole('heading', { name: 'Sign in' }).waitFor();
    // Cross-tab sign-out is a broadcast, not a poll: the other tab follows within 2 s.
    await second.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 2_000 });
    expect(second.url()).toContain('#/login');
    expect(await second.getByRole('alertdialog').count()).toBe(0); // a chosen logout is no alarm
    await screenshot(second, 'signed-out-other-tab');
    await context.close();
  });
});
