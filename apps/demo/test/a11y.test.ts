import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BROWSER_RETRY, browserAvailable, launchBrowser } from './support/browser.ts';
import { startTestDemo, type TestDemo } from './support/demo.ts';
import { pin, screenshot, signIn, startGuest } from './support/pages.ts';

// Browser scenarios run many steps against a real Chromium; under a full parallel run on two
// cores they need more than the default 20 s.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const IDLE_MS = 60_000;
/** The recovery codes' step-up window, short so the server clock can pass it. */
const STEP_UP_S = 10;

/** Serious and critical axe violations (WCAG 2.x A/AA and best practices), summarised. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  if (process.env.TESSERA_AXE_VERBOSE === '1') {
    for (const v of results.violations) console.log(`[axe ${v.impact}] ${v.id}: ${v.help}`);
  }
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.runIf(browserAvailable())('accessibility (axe-core)', { retry: BROWSER_RETRY }, () => {
  let demo: TestDemo;
  let browser: Browser;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([
      startTestDemo({
        env: { TESSERA_IDLE_TIMEOUT: '60s', TESSERA_ACCESS_TTL: '5m' },
        stepUpMaxAgeSeconds: STEP_UP_S,
      }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  async function advance(page: Page, ms: number): Promise<void> {
    demo.clock.advance(ms);
    await page.clock.fastForward(ms);
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`sign-in, sessions, warning and expired modal have no serious violations (${colorScheme})`, async () => {
      const context: BrowserContext = await browser.newContext({ colorScheme });
      await context.clock.install();
      const page = await context.newPage();
      const suffix = colorScheme === 'dark' ? '-dark' : '';

      await page.goto(`${demo.url}/#/login?reason=password_changed`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `sign-in${suffix}`);

      // A wrong password gets a friendly, announced error (and the page stays accessible).
      await page.getByLabel('Email').fill('demo@example.com');
      await page.getByLabel('Password', { exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'Incorrect email or password.' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await signIn(page, demo.url);
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByText('This device').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      if (colorScheme === 'dark') await screenshot(page, 'active-sessions-dark');

      await advance(page, IDLE_MS - 25_000);
      await page.getByRole('alertdialog').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      if (colorScheme === 'dark') await screenshot(page, 'idle-warning-dark', false);

      // Escape on the warning means "I'm here": it extends, it never signs out.
      await page.keyboard.press('Escape');
      await page.getByRole('alertdialog').waitFor({ state: 'hidden' });
      await page.getByRole('heading', { name: 'Settings' }).waitFor();

      await advance(page, IDLE_MS + 5_000);
      await page.getByRole('alertdialog', { name: 'Session expired' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      if (colorScheme === 'dark') await screenshot(page, 'session-expired-modal-dark', false);
      await context.close();
    });
  }

  it('signing in and staying signed in work with the keyboard alone', async () => {
    const context = await browser.newContext();
    await context.clock.install();
    const page = await context.newPage();
    await page.goto(`${demo.url}/#/login`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').focus();
    await page.keyboard.type('demo@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo-password-123');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // remember me
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Notes', level: 1 }).waitFor();

    await advance(page, IDLE_MS - 25_000);
    const warning = page.getByRole('alertdialog');
    await warning.waitFor();
    await page.keyboard.press('Enter'); // "Stay signed in" has focus
    await warning.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: 'Notes', level: 1 }).waitFor();
    await context.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`guest pages, the step-up dialog and the recovery codes have no serious violations (${colorScheme})`, async () => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      const suffix = colorScheme === 'dark' ? '-dark' : '';

      await startGuest(page, demo.url);
      await pin(page, 'Buy milk');
      expect(await seriousViolations(page)).toEqual([]);
      if (colorScheme === 'dark') await screenshot(page, `guest-banner${suffix}`);
      await page.goto(`${demo.url}/#/settings`);
      await page.getByText('This page belongs to an account').waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await page.goto(`${demo.url}/#/login`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await signIn(page, demo.url);
      await page.getByRole('link', { name: 'Settings' }).click();
      // The server's clock only: the password entered at sign-in is now too old.
      demo.clock.advance((STEP_UP_S + 1) * 1000);
      await page.getByRole('button', { name: 'Show recovery codes' }).click();
      const dialog = page.getByRole('dialog', { name: 'Confirm it’s you' });
      await dialog.getByLabel('Password').fill('not-the-password');
      await dialog.getByRole('button', { name: 'Continue' }).click();
      await dialog.getByRole('alert').filter({ hasText: 'Incorrect password.' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      if (colorScheme === 'dark') await screenshot(page, 'reauth-dialog-dark', false);

      // Keyboard only: type the password and press Enter.
      await dialog.getByLabel('Password').fill('demo-password-123');
      await page.keyboard.press('Enter');
      await page.getByRole('list', { name: 'Recovery codes' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      if (colorScheme === 'dark') await screenshot(page, 'recovery-codes-dark');
      await context.close();
    });
  }
});
