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
      // Enough draws of this size for at least 8 KiB, so the zero count is meaningful.
      const draws = Math.ceil(8192 / size);
      let zeros = 0;
      for (let i = 0; i < draws; i++) {
        for (const byte of webCryptoRandom.fill(new Uint8Array(size))) if (byte === 0) zeros += 1;
      }
      // About 1/256 of random bytes are zero: the bound is 10 standard deviations above that
      // (a false alarm is out of reach), while bytes left zero would put the count far past it.
      const expected = (draws * size) / 256;
      expect(zeros).toBeLessThanOrEqual(expected + 10 * Math.sqrt(expected) + 8);
    }
  });
});
