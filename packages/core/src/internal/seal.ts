import { decodeBase64url, encodeBase64url } from './base64url.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const PREFIX = 'v1';

/** Imports a 32-byte data key for AES-256-GCM. */
export async function importDataKey(raw: Uint8Array): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('raw', new Uint8Array(raw), 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ]);
}

/**
 * Encrypts text as `v1.<iv>.<ciphertext>` (base64url; the GCM tag is part of the ciphertext).
 * `additionalData` is authenticated, not stored: {@link open} needs the same bytes, so a blob
 * bound to one context (a session id) does not open in another.
 */
export async function seal(
  key: CryptoKey,
  plaintext: string,
  additionalData?: string,
): Promise<string> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, ...aad(additionalData) },
    key,
    encoder.encode(plaintext),
  );
  return `${PREFIX}.${encodeBase64url(iv)}.${encodeBase64url(new Uint8Array(ciphertext))}`;
}

/** True when the text looks like the output of {@link seal}. */
export function isSealed(text: string): boolean {
  return text.startsWith(`${PREFIX}.`);
}

/**
 * Decrypts the output of {@link seal}; throws when the key is wrong, the blob was altered or
 * `additionalData` differs from the sealing one.
 */
export async function open(
  key: CryptoKey,
  sealed: string,
  additionalData?: string,
): Promise<string> {
  const [prefix, iv, ciphertext, ...rest] = sealed.split('.');
  if (prefix !== PREFIX || iv === undefined || ciphertext === undefined || rest.length > 0) {
    throw new TypeError('Not a sealed value');
  }
  const plaintext = await globalThis.crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: decodeBase64url(iv), ...aad(additionalData) },
    key,
    decodeBase64url(ciphertext),
  );
  return decoder.decode(plaintext);
}

function aad(additionalData: string | undefined): { additionalData?: Uint8Array } {
  return additionalData === undefined ? {} : { additionalData: encoder.encode(additionalData) };
}
