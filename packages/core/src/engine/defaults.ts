import type { Clock, RandomSource } from './types.ts';

/** Wall-clock time (epoch ms). */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

/** Requests up to this size are served from the pool; larger ones go to Web Crypto directly. */
const POOLED_MAX_BYTES = 256;
const POOL_BYTES = 4096;

/**
 * Cryptographically strong randomness from Web Crypto. Small requests (every refresh asks for
 * a 32-byte token and a 16-byte jti) are cut from a 4 KiB pool filled by one getRandomValues
 * call, instead of one call each: the per-call overhead was larger than the bytes. Bytes handed
 * out are zeroed in the pool, so no future secret is kept twice; larger requests are chunked
 * (64 KiB per call at most, Web Crypto's limit).
 */
export const webCryptoRandom: RandomSource = Object.freeze({
  fill(bytes: Uint8Array): Uint8Array {
    if (bytes.length <= POOLED_MAX_BYTES) return fillFromPool(bytes);
    for (let offset = 0; offset < bytes.length; offset += 65_536) {
      globalThis.crypto.getRandomValues(bytes.subarray(offset, offset + 65_536));
    }
    return bytes;
  },
});

const pool = new Uint8Array(POOL_BYTES);
let poolOffset = POOL_BYTES;

function fillFromPool(bytes: Uint8Array): Uint8Array {
  if (poolOffset + bytes.length > POOL_BYTES) {
    globalThis.crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const end = poolOffset + bytes.length;
  bytes.set(pool.subarray(poolOffset, end));
  pool.fill(0, poolOffset, end);
  poolOffset = end;
  return bytes;
}
