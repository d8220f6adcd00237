import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AUTH_BASE_PATH, Routes } from '@tessera/protocol';
import type { Page, Request } from 'playwright-core';
import { APP_DIR } from '../../scripts/build-ui.ts';

export const DEMO_USER = { email: 'demo@example.com', password: 'demo-password-123' };
export const ADMIN_USER = { email: 'admin@example.com', password: 'admin-password-123' };
export const SCREENSHOT_DIR = join(APP_DIR, 'test-results');

export const isRefresh = (req: Request) =>
  req.method() === 'POST' && new URL(req.url()).pathname === AUTH_BASE_PATH + Routes.refresh;

/** Sign in through the real form and wait for the notes page. */
export async function signIn(
  page: Page,
  baseUrl: string,
  user = DEMO_USER,
  next = '',
): Promise<void> {
  if (!page.url().startsWith(baseUrl)) await page.goto(`${baseUrl}/#/login${next}`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Notes', level: 1 }).waitFor();
}

/** Saves apps/demo/test-results/<name>.png. Dialog screens use the viewport (fixed backdrop). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage });
}

/** Calls the API from inside the page through the demo's session client (tests only). */
export function apiCall(page: Page, path: string, count = 1): Promise<number[]> {
  return page.evaluate(
    async ({ path, count }) => {
      const demo = (
        window as unknown as { __tesseraDemo: { client: { fetch(p: string): Promise<Response> } } }
      ).__tesseraDemo;
      const responses = await Promise.all(
        Array.from({ length: count }, () => demo.client.fetch(path)),
      );
      return responses.map((r) => r.status);
    },
    { path, count },
  );
}

/** GET /session-info through the page's client (passive: it never slides the session). */
export function sessionInfo(page: Page): Promise<{ idleExpiresAt: string; sessionId: string }> {
  return page.evaluate(() => {
    const demo = (
      window as unknown as {
        __tesseraDemo: {
          client: { sessionInfo(): Promise<{ idleExpiresAt: string; sessionId: string }> };
        };
      }
    ).__tesseraDemo;
    return demo.client.sessionInfo();
  });
}

/** Start a guest session from the sign-in page and wait for the guest banner. */
export async function startGuest(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/#/login`);
  await page.getByRole('button', { name: 'Continue as a guest' }).click();
  await page.getByRole('region', { name: 'You are using a guest session' }).waitFor();
  await page.getByRole('heading', { name: 'Notes', level: 1 }).waitFor();
}

/** Pin a reminder through the notes page's form and wait until the list shows it. */
export async function pin(page: Page, text: string): Promise<void> {
  await page.getByLabel('Pin a reminder').fill(text);
  await page.getByRole('button', { name: 'Pin', exact: true }).click();
  await pinnedList(page).getByText(text, { exact: true }).waitFor();
}

export const pinnedList = (page: Page) => page.getByRole('list', { name: 'Pinned' });
