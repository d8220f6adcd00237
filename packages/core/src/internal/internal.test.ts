import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from './base64url.ts';
import { constantTimeEqual } from './constant-time.ts';
import { importDataKey, isSealed, open, seal } from './seal.ts';
import { sha256Base64url } from './sha256.ts';
import { sha256 } from './sha256-sync.ts';

describe('internal helpers', () => {
  it('base64url round-trips without padding and rejects other alphabets', () => {
    const bytes = new Uint8Array([0, 255, 62, 63, 1]);
    const text = encodeBase64url(bytes);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect([...decodeBase64url(text)]).toEqual([...bytes]);
    expect(() => decodeBase64url('ab+/')).toThrow(TypeError);
  });

  it('sha256 matches the known vector', () => {
    expect(sha256Base64url('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });

  it('sha256 matches the FIPS 180-4 vectors (empty, two blocks, a million a)', () => {
    const hex = (bytes: Uint8Array) =>
      Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    const utf8 = (text: string) => new TextEncoder().encode(text);
    expect(hex(sha256(utf8('')))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(hex(sha256(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(hex(sha256(utf8('a'.repeat(1_000_000))))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });

  it('sha256 agrees with WebCrypto on every length across block boundaries', async () => {
    for (let length = 0; length < 200; length++) {
      const data = globalThis.crypto.getRandomValues(new Uint8Array(length));
      const expected = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data));
      expect([...sha256(data)]).toEqual([...expected]);
    }
  });

  it('constant-time compare', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'ab')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });

  it('seal/open with AES-256-GCM; tampering and wrong keys fail', async () => {
    const key = await importDataKey(globalThis.crypto.getRandomValues(new Uint8Array(32)));
    const sealed = await seal(key, 'secret jwk');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('secret');
    expect(await open(key, sealed)).toBe('secret jwk');
    expect(await seal(key, 'secret jwk')).not.toBe(sealed); // fresh IV each time
    const [prefix, iv, ct = ''] = sealed.split('.');
    const tampered = `${prefix}.${iv}.${(ct[0] === 'A' ? 'B' : 'A') + ct.slice(1)}`;
    await expect(open(key, tampered)).rejects.toThrow();
    const other = await importDataKey(new Uint8Array(32));
    await expect(open(other, sealed)).rejects.toThrow();
    await expect(open(key, 'v2.x.y')).rejects.toThrow(TypeError);
  });
});
