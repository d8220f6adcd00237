import { afterEach, describe, expect, it, vi } from 'vitest';
import { mayCarryToken } from './authed-fetch.ts';
import type { ClientContext } from './internal/context.ts';

const ctx = (baseUrl: string) => ({ baseUrl }) as ClientContext;

// Each of these resolves (in fetch and in `new URL`) to https://evil.example, not to the page.
const ESCAPES = [
  '/\\evil.example/x',
  '\\\\evil.example/x',
  '\\/evil.example/x',
  ' https://evil.example/x',
  '\thttps://evil.example/x',
  '\nhttps://evil.example/x',
  '//evil.example/x',
  'HTTPS://evil.example/x',
];

describe('which URLs get the access token', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('in a browser page: only the page origin and the service origin', () => {
    vi.stubGlobal('location', {
      href: 'https://app.example/notes?x=1',
      origin: 'https://app.example',
    });
    for (const url of ESCAPES) {
      expect(mayCarryToken(ctx(''), url), url).toBe(false);
      expect(mayCarryToken(ctx('https://api.example'), url), url).toBe(false);
      expect(mayCarryToken(ctx(''), new URL(url.trim(), 'https://app.example/')), url).toBe(false);
    }
    expect(mayCarryToken(ctx(''), '/api/notes')).toBe(true);
    expect(mayCarryToken(ctx(''), 'api/notes')).toBe(true);
    expect(mayCarryToken(ctx(''), 'https://app.example/api')).toBe(true);
    expect(mayCarryToken(ctx('https://api.example'), 'https://api.example/api/x')).toBe(true);
    expect(mayCarryToken(ctx('https://api.example'), 'https://api.example.evil/x')).toBe(false);
    expect(mayCarryToken(ctx(''), 'http://app.example/api')).toBe(false); // other scheme
  });

  it('without a page (React Native): relative to baseUrl, nothing else', () => {
    vi.stubGlobal('location', undefined);
    const native = ctx('https://api.example');
    for (const url of ESCAPES) expect(mayCarryToken(native, url), url).toBe(false);
    expect(mayCarryToken(native, '/api/notes')).toBe(true);
    expect(mayCarryToken(native, 'https://api.example/api/notes')).toBe(true);
    expect(mayCarryToken(native, 'https://tracker.example/c')).toBe(false);
    for (const url of ESCAPES) expect(mayCarryToken(ctx(''), url), url).toBe(false);
  });
});
