import { createRequire } from 'node:module';
import type { DeviceRecord } from '@tessera/core';
import type { DeviceType } from '@tessera/protocol';

interface UAResult {
  browser: { name?: string };
  os: { name?: string };
  device: { type?: string; model?: string };
}

// ua-parser-js v1 (MIT) ships CommonJS without types; v2 is AGPL and must not be used.
const { UAParser } = createRequire(import.meta.url)('ua-parser-js') as {
  UAParser: new (ua: string) => { getResult(): UAResult };
};

const MAX_UA_LENGTH = 512;
const BROWSER_NAMES: Record<string, string> = {
  'Mobile Safari': 'Safari',
  'Mobile Firefox': 'Firefox',
  'Chrome WebView': 'Chrome',
  Edge: 'Edge',
};
const OS_NAMES: Record<string, string> = { 'Mac OS': 'macOS', 'Chromium OS': 'ChromeOS' };

/** Device facts for the session inventory, from User-Agent plus client hints when sent. */
export function parseDevice(headers: Headers): DeviceRecord {
  const raw = headers.get('user-agent');
  const userAgent = raw === null || raw.trim() === '' ? null : raw.slice(0, MAX_UA_LENGTH);
  const result: UAResult =
    userAgent === null ? { browser: {}, os: {}, device: {} } : new UAParser(userAgent).getResult();
  const browser = clean(result.browser.name, BROWSER_NAMES);
  const os = clean(result.os.name, OS_NAMES) ?? hintPlatform(headers);
  const type = deviceType(result, os, headers);
  const model =
    result.device.model === 'iPhone' || result.device.model === 'iPad' ? result.device.model : null;
  return { type, name: displayName(browser, model ?? os, userAgent), browser, os, userAgent };
}

function deviceType(result: UAResult, os: string | null, headers: Headers): DeviceType {
  const type = result.device.type;
  if (type === 'mobile' || type === 'wearable') return 'mobile';
  if (type === 'tablet') return 'tablet';
  if (headers.get('sec-ch-ua-mobile') === '?1') return 'mobile';
  if (os === 'iOS' || os === 'Android') return 'mobile';
  if (os !== null || result.browser.name !== undefined) return 'desktop';
  return 'unknown';
}

function displayName(
  browser: string | null,
  where: string | null,
  userAgent: string | null,
): string {
  if (browser !== null && where !== null) return `${browser} on ${where}`;
  if (browser !== null || where !== null) return (browser ?? where) as string;
  return userAgent === null ? 'Unknown device' : 'Unknown browser';
}

function hintPlatform(headers: Headers): string | null {
  const value = headers.get('sec-ch-ua-platform')?.replace(/"/g, '').trim();
  if (value === undefined || value === '' || value === 'Unknown') return null;
  return clean(value.slice(0, 32), OS_NAMES);
}

function clean(name: string | undefined, aliases: Record<string, string>): string | null {
  if (name === undefined || name === '') return null;
  return aliases[name] ?? name;
}
