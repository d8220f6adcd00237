import { encodeBase64url } from './base64url.ts';

const encoder = new TextEncoder();

/**
 * SHA-256 of a UTF-8 string, base64url, with Web Crypto: how refresh tokens are stored. The
 * engine uses it when no synchronous `sha256` is injected (EngineOptions.sha256).
 */
export async function sha256Base64url(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text));
  return encodeBase64url(new Uint8Array(digest));
}
