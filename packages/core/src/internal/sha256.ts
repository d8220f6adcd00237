import { encodeBase64url } from './base64url.ts';
import { sha256 } from './sha256-sync.ts';

const encoder = new TextEncoder();

/** SHA-256 of a UTF-8 string, base64url: how refresh tokens are stored. Synchronous (hot path). */
export function sha256Base64url(text: string): string {
  return encodeBase64url(sha256(encoder.encode(text)));
}
