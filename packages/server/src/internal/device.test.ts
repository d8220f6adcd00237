import { describe, expect, it } from 'vitest';
import { parseDevice } from './device.ts';

const ua = (value: string, extra: Record<string, string> = {}) =>
  parseDevice(new Headers({ 'user-agent': value, ...extra }));

describe('parseDevice', () => {
  it('names common browsers and devices', () => {
    expect(
      ua(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toMatchObject({ type: 'mobile', name: 'Safari on iPhone', os: 'iOS' });
    expect(
      ua(
        'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toMatchObject({ type: 'tablet', name: 'Safari on iPad' });
    expect(
      ua('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0'),
    ).toMatchObject({ type: 'desktop', name: 'Firefox on Windows' });
  });
  it('uses client hints when the UA is reduced or absent', () => {
    expect(
      parseDevice(new Headers({ 'sec-ch-ua-mobile': '?1', 'sec-ch-ua-platform': '"Android"' })),
    ).toMatchObject({ type: 'mobile', os: 'Android' });
    expect(parseDevice(new Headers())).toEqual({
      type: 'unknown',
      name: 'Unknown device',
      browser: null,
      os: null,
      userAgent: null,
    });
  });
  it('caps the stored user agent at 512 characters', () => {
    expect(ua(`curl/8.0 ${'x'.repeat(1000)}`).userAgent).toHaveLength(512);
  });
});
