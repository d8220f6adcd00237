import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.TESSERA_CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser suites can run. Without the system Chromium they skip with a notice,
 * unless TESSERA_REQUIRE_SERVICES=1 (CI), where that is a failure. Never downloads a browser.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const message = `Chromium not found at ${CHROMIUM_PATH}: browser tests cannot run.`;
  if (process.env.TESSERA_REQUIRE_SERVICES === '1') throw new Error(message);
  console.warn(`[skip] ${message}`);
  return false;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * A real browser on two shared cores occasionally misses a beat under the full parallel run;
 * one retry keeps CI stable while a broken feature still fails (it fails twice).
 */
export const BROWSER_RETRY = 1;
