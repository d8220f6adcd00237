import { describe, expect, it } from 'vitest';
import { webCryptoRandom } from './defaults.ts';

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

describe('webCryptoRandom', () => {
  it('never hands out the same pooled bytes twice, across pool refills', () => {
    const seen = new Set<string>();
    // 1,000 × 48 bytes spans about a dozen 4 KiB pool refills.
    for (let i = 0; i < 1000; i++) {
      seen.add(hex(webCryptoRandom.fill(new Uint8Array(32))));
      seen.add(hex(webCryptoRandom.fill(new Uint8Array(16))));
    }
    expect(seen.size).toBe(2000);
  });

  it('fills every byte of small and large requests (not left zero)', () => {
    for (const size of [1, 31, 256, 257, 70_000]) {
      const bytes = webCryptoRandom.fill(new Uint8Array(size));
      const zeros = bytes.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
      // About 1/256 of random bytes are zero; a zero-filled tail would blow far past this bound.
      expect(zeros).toBeLessThanOrEqual(Math.max(2, size / 64));
    }
  });
});
