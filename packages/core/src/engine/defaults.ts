import type { Clock, RandomSource } from './types.ts';

/** Wall-clock time (epoch ms). */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

/** Cryptographically strong randomness from Web Crypto (chunked: 64 KiB per call at most). */
export const webCryptoRandom: RandomSource = Object.freeze({
  fill(bytes: Uint8Array): Uint8Array {
    for (let offset = 0; offset < bytes.length; offset += 65_536) {
      globalThis.crypto.getRandomValues(bytes.subarray(offset, offset + 65_536));
    }
    return bytes;
  },
});
