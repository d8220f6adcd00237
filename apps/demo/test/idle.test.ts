import { AUTH_BASE_PATH, Routes } from '@tessera/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BROWSER_RETRY, browserAvailable, launchBrowser } from './support/browser.ts';
import { startTestDemo, type TestDemo } from './support/demo.ts';
import { screenshot, sessionInfo, signIn } from './support/pages.ts';

// Browser scenarios run many steps against a real Chromium; under a full parallel run on two
// cores they need more than the default 20 s.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

// Idle 60 s, warning 30 s before. The server clock and the pages' clocks are moved together,
// so nothing waits for real time to pass.
const IDLE_MS = 60_000;
const WARNING_LEAD_MS = 30_000;

describe.runIf(browserAvailable())('idle timeout', { retry: BROWSER_RETRY }, () => {
  let demo: TestDemo;
  let browser: Browser;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([
      startTestDemo({
        env: { TESSERA_IDLE_TIMEOUT: '60s', TESSERA_ACCESS_TTL: '5m' },
        warningLeadMs: WARNING_LEAD_MS,
        // Short, so a mouse move during the warning would send /extend at once without the fix.
        keepAliveIntervalMs: 5_000,
      }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  /** Moves the server clock, then each page's clock (timers due in between fire). */
  async function advance(pages: Page[], ms: number): Promise<void> {
    demo.clock.advance(ms);
    for (const page of pages) await page.clock.fastForward(ms);
  }

  async function openSignedIn(context: BrowserContext, tabs: number): Promise<Page[]> {
    await context.clock.install();
    const pages = [await context.newPage()];
    await signIn(pages[0]!, demo.url);
    for (let i = 1; i < tabs; i++) {
      const page = await context.newPage();
      await page.goto(`${demo.url}/#/notes`);
      await page.getByRole('heading', { name: 'Notes', level: 1 }).waitFor();
      pages.push(page);
    }
    return pages;
  }

  it('warns with a countdown; "Stay signed in" moves the server deadline and closes every tab', async () => {
    const context = await browser.newContext();
    const [page, other] = await openSignedIn(context, 2);
    const before = await sessionInfo(page!);

    await advance([page!, other!], IDLE_MS - WARNING_LEAD_MS + 5_000);
    const warning = page!.getByRole('alertdialog', { name: 'Are you still there?' });
    await warning.waitFor();
    await other!.getByRole('alertdialog').waitFor();
    const timer = warning.getByRole('timer');
    expect(await timer.textContent()).toMatch(/^00:2\d$/);
    const stay = warning.getByRole('button', { name: 'Stay signed in' });
    expect(await stay.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page!, 'idle-warning');

    // The warning never hides the header's own "Sign out" (WCAG 2.4.11), also on a narrow screen.
    const headerSignOut = page!.getByRole('banner').getByRole('button', { name: 'Sign out' });
    const overlaps = async () => {
      const a = await headerSignOut.boundingBox();
      const b = await warning.boundingBox();
      if (!a || !b) throw new Error('not visible');
      return (
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
      );
    };
    expect(await overlaps()).toBe(false);
    const viewport = page!.viewportSize()!;
    await page!.setViewportSize({ width: 420, height: 800 });
    await expect.poll(overlaps).toBe(false);
    await page!.setViewportSize(viewport);

    // The countdown ticks every second, but screen readers hear it only at milestones: record
    // both live regions every second and check they change only at the 10 s milestone.
    const polite = page!.locator('[aria-live="polite"]').first();
    const assertive = page!.locator('[aria-live="assertive"]');
    expect(await timer.getAttribute('aria-live')).toBeNull(); // role=timer is not live itself
    const politeSeen: string[] = [];
    const assertiveSeen: string[] = [];
    for (let i = 0; i < 16; i++) {
      await page!.clock.runFor(1_000);
      politeSeen.push((await polite.textContent()) ?? '');
      assertiveSeen.push((await assertive.textContent()) ?? '');
      if (i === 2) expect(await timer.textContent()).toMatch(/^00:(1\d|2[0-2])$/);
    }
    const changes = (xs: string[]) => xs.filter((x, i) => i > 0 && x !== xs[i - 1]).length;
    expect(changes(politeSeen)).toBe(0);
    expect(changes(assertiveSeen)).toBeLessThanOrEqual(1);
    expect(assertiveSeen[0]).toBe('');
    expect(assertiveSeen.at(-1)).toBe('Your session will expire in 10 seconds due to inactivity.');

    // Moving the mouse or scrolling is not "I'm still here": the warning stays, nothing is sent.
    const extends_: string[] = [];
    context.on('request', (req) => {
      if (new URL(req.url()).pathname === AUTH_BASE_PATH + Routes.extend) extends_.push(req.url());
    });
    await page!.mouse.move(200, 300);
    await page!.mouse.move(400, 500, { steps: 5 });
    await page!.mouse.wheel(0, 200);
    await page!.clock.runFor(1_500);
    await page!.mouse.move(300, 300, { steps: 5 });
    expect(await warning.isVisible()).toBe(true);
    expect(extends_).toHaveLength(0);

    const extended = page!.waitForResponse(
      (res) => new URL(res.url()).pathname === AUTH_BASE_PATH + Routes.extend,
    );
    await stay.click();
    await extended;
    await warning.waitFor({ state: 'hidden' });
    await other!.getByRole('alertdialog').waitFor({ state: 'hidden' });
    expect(extends_).toHaveLength(1); // exactly one /extend, from the button
    const after = await sessionInfo(page!);
    expect(after.sessionId).toBe(before.sessionId);
    expect(Date.parse(after.idleExpiresAt)).toBeGreaterThan(
      Date.parse(before.idleExpiresAt) + 20_000,
    );
    await context.close();
  });

  it('past the deadline shows the expired modal; after logging in again the draft is back', async () => {
    const context = await browser.newContext();
    // Two tabs: the note is typed in one; the other tab's editor is empty and snapshots after
    // the broadcast, which must not overwrite the draft.
    const [page, other] = await openSignedIn(context, 2);
    const editor = page!.getByLabel('New note');
    await editor.fill('Quarterly plan: half-written, not saved yet');
    expect(await other!.getByLabel('New note').inputValue()).toBe('');

    // The typing tab times out first; the other tab follows from the broadcast alone.
    demo.clock.advance(IDLE_MS + 5_000);
    await page!.clock.fastForward(IDLE_MS + 5_000);
    const modal = page!.getByRole('alertdialog', { name: 'Session expired' });
    await modal.waitFor();
    await other!.getByRole('alertdialog', { name: 'Session expired' }).waitFor();
    await other!.clock.fastForward(IDLE_MS + 5_000);
    expect(await modal.textContent()).toContain(
      'Your secure session has timed out. Please log in again to continue.',
    );
    const login = modal.getByRole('button', { name: 'Log in again' });
    expect(await login.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page!, 'session-expired-modal', false);

    await login.click();
    await modal.waitFor({ state: 'hidden' });
    expect(page!.url()).toContain('reason=idle_timeout');
    const banner = page!.getByRole('status').filter({ hasText: 'inactive' });
    await banner.waitFor();
    await screenshot(page!, 'sign-in-after-timeout');
    await signIn(page!, demo.url);
    expect(await page!.getByLabel('New note').inputValue()).toBe(
      'Quarterly plan: half-written, not saved yet',
    );
    await context.close();
  });
});
