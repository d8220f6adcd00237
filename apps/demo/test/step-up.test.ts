import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BROWSER_RETRY, browserAvailable, launchBrowser } from './support/browser.ts';
import { startTestDemo, type TestDemo } from './support/demo.ts';
import { DEMO_USER, screenshot, sessionInfo, signIn } from './support/pages.ts';

// Browser scenarios run many steps against a real Chromium; under a full parallel run on two
// cores they need more than the default 20 s.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/** The recovery codes need a password entered within the last minute (demo default: 5 min). */
const WINDOW_S = 60;

const isReauth = (req: Request) =>
  req.method() === 'POST' && new URL(req.url()).pathname === '/api/auth/reauth';

describe.runIf(browserAvailable())('step-up for recovery codes', { retry: BROWSER_RETRY }, () => {
  let demo: TestDemo;
  let browser: Browser;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([
      startTestDemo({ stepUpMaxAgeSeconds: WINDOW_S }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  /** Moves the server past the step-up window (the browser's clock plays no part in it). */
  const pastTheWindow = () => demo.clock.advance((WINDOW_S + 1) * 1000);

  const codes = (page: Page) => page.getByRole('list', { name: 'Recovery codes' });
  const showButton = (page: Page) => page.getByRole('button', { name: 'Show recovery codes' });

  it('asks for the password again when it is too old, then shows the codes; later asks again', async () => {
    const page = await (await browser.newContext()).newPage();
    const reauths: Request[] = [];
    page.on('request', (req) => isReauth(req) && reauths.push(req));
    await signIn(page, demo.url);
    const signedIn = await sessionInfo(page);
    await page.getByRole('link', { name: 'Settings' }).click();

    // Just signed in: the password is fresh, so the codes show without a dialog.
    await showButton(page).click();
    await codes(page).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Hide recovery codes' }).click();
    await codes(page).waitFor({ state: 'detached' });

    pastTheWindow();
    await showButton(page).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it’s you' });
    await dialog.waitFor();
    const password = dialog.getByLabel('Password');
    expect(await password.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, 'reauth-dialog', false);

    // A wrong password: the dialog stays open with an error, and the user stays signed in.
    await password.fill('not-the-password');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Incorrect password.' }).waitFor();
    expect(await dialog.isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Sign out', exact: true }).isVisible()).toBe(
      true,
    );
    expect((await sessionInfo(page)).sessionId).toBe(signedIn.sessionId);
    await screenshot(page, 'reauth-dialog-error', false);

    await password.fill(DEMO_USER.password);
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await codes(page).waitFor();
    expect(await codes(page).getByRole('listitem').count()).toBe(6);
    await page
      .getByRole('status')
      .filter({ hasText: 'Your recovery codes are shown below.' })
      .waitFor();
    expect(reauths).toHaveLength(2);
    await screenshot(page, 'recovery-codes');

    // Later the password is old again: the next try asks again; Cancel shows nothing.
    await page.getByRole('button', { name: 'Hide recovery codes' }).click();
    pastTheWindow();
    await showButton(page).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'Recovery codes were not shown.' }).waitFor();
    expect(await codes(page).count()).toBe(0);
    // Focus goes back to the button that opened the dialog.
    expect(await showButton(page).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(reauths).toHaveLength(2);
    await page.context().close();
  });
});
