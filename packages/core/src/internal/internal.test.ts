import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url, encodeBase64urlUtf8 } from './base64url.ts';
import { constantTimeEqual } from './constant-time.ts';
import { importDataKey, isSealed, open, seal } from './seal.ts';
import { sha256Base64url } from './sha256.ts';

describe('internal helpers', () => {
  it('base64url round-trips without padding and rejects other alphabets', () => {
    const bytes = new Uint8Array([0, 255, 62, 63, 1]);
    const text = encodeBase64url(bytes);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect([...decodeBase64url(text)]).toEqual([...bytes]);
    expect(() => decodeBase64url('ab+/')).toThrow(TypeError);
  });

  it('base64url encodes the RFC 4648 vectors and every tail length like the platform', () => {
    const ascii = new TextEncoder();
    // RFC 4648 §10 (padding removed, §5 alphabet identical for these inputs).
    const vectors = { '': '', f: 'Zg', fo: 'Zm8', foo: 'Zm9v', foob: 'Zm9vYg', fooba: 'Zm9vYmE' };
    for (const [plain, encoded] of Object.entries(vectors))
      expect(encodeBase64url(ascii.encode(plain))).toBe(encoded);
    // The two characters that differ from standard base64 (62 → '-', 63 → '_').
    expect(encodeBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    for (let length = 0; length < 70; length++) {
      const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length));
      const platform = btoa(String.fromCharCode(...bytes))
        .replaceAll('+', '-')
        .replaceAll('/', '_')
        .replace(/=+$/, '');
      expect(encodeBase64url(bytes)).toBe(platform);
      expect([...decodeBase64url(encodeBase64url(bytes))]).toEqual([...bytes]);
    }
  });

  it('base64url output does not change when the encoder reuses its buffer', () => {
    const first = encodeBase64url(new Uint8Array([1, 2, 3, 4, 5, 6]));
    const second = encodeBase64url(new Uint8Array([250, 251, 252]));
    expect([first, second]).toEqual(['AQIDBAUG', '-vv8']);
    // Beyond the reused buffer (16,384 characters), and right at its edge.
    for (const length of [12_288, 12_289, 30_000]) {
      const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length));
      expect([...decodeBase64url(encodeBase64url(bytes))]).toEqual([...bytes]);
    }
    expect(first).toBe('AQIDBAUG');
  });

  it('base64url of text is the encoding of its UTF-8 bytes, ASCII or not, short or long', () => {
    const utf8 = new TextEncoder();
    const texts = [
      '',
      'a',
      'ab',
      'abc',
      '{"alg":"EdDSA","kid":"k1","typ":"at+jwt"}',
      // Characters whose base64 holds '+' and '/' (so the replacements are exercised).
      '>>>???~~~',
      'café',
      'ÿ', // one UTF-16 unit below 256 that is not ASCII: two UTF-8 bytes, never latin1
      'rôle 管理者 🔑',
      'x'.repeat(1_365),
      'x'.repeat(1_366), // past the reused 4 KiB of UTF-8
      `${'é'.repeat(2_000)}!`,
    ];
    for (const text of texts) {
      expect(encodeBase64urlUtf8(text)).toBe(encodeBase64url(utf8.encode(text)));
      expect(new TextDecoder().decode(decodeBase64url(encodeBase64urlUtf8(text)))).toBe(text);
    }
    expect(encodeBase64urlUtf8('>>>???~~~')).toBe('Pj4-Pz8_fn5-');
  });

  it('sha256 (Web Crypto) matches the known vector', async () => {
    expect(await sha256Base64url('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
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
