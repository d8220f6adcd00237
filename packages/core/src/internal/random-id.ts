import type { RandomSource } from '../engine/types.ts';
import { encodeBase64url } from './base64url.ts';

/** `byteLength` random bytes from the injected source, base64url. */
export function randomBase64url(random: RandomSource, byteLength: number): string {
  return encodeBase64url(random.fill(new Uint8Array(byteLength)));
}
