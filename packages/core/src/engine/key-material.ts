import { exportJWK, generateKeyPair, generateSecret, importJWK, type JWK } from 'jose';
import type { SigningKeyRecord } from '../store/key-store.ts';
import type { JwsSigner } from './jws-signer.ts';
import type { SigningAlgorithm } from './options.ts';

/** Keys of one ring entry, imported once. HS256 uses one secret for both. */
export interface ImportedKey {
  kid: string;
  alg: SigningAlgorithm;
  /** Absent once the key is retired: only the current key signs. */
  signKey?: CryptoKey;
  verifyKey: CryptoKey;
  publicJwk: Record<string, unknown> | null;
  /** The key's handle in the injected signer (EngineOptions.signer), if there is one. */
  signerKey?: number;
}

/** Generates a key pair (or HS256 secret) with Web Crypto; returns its JWKs as JSON. */
export async function generateKeyMaterial(
  alg: SigningAlgorithm,
  kid: string,
): Promise<{ privateJwk: string; publicJwk: string | null }> {
  if (alg === 'HS256') {
    const secret = await generateSecret('HS256', { extractable: true });
    const jwk = { ...(await exportJWK(secret)), kid, alg, use: 'sig' };
    return { privateJwk: JSON.stringify(jwk), publicJwk: null };
  }
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { privateJwk: JSON.stringify(privateJwk), publicJwk: JSON.stringify(publicJwk) };
}

/**
 * Imports a stored key (its private JWK already opened) as CryptoKeys. A key that is already
 * retired is kept for verification only: its private half never reaches the signer and is not
 * kept in the ring.
 */
export async function importKeyMaterial(
  record: SigningKeyRecord,
  privateJwkJson: string,
  signer?: JwsSigner,
): Promise<ImportedKey> {
  const privateJwk = JSON.parse(privateJwkJson) as JWK;
  const imported = await importCryptoKeys(record, privateJwk);
  if (record.retiredAt !== null) return withoutPrivateHalf(imported);
  if (signer) imported.signerKey = await signer.addKey(record.alg, privateJwk);
  return imported;
}

/**
 * The key as it stays in the ring once retired: able to verify, not to sign. The signer is
 * told to drop its copy. For HS256 the verification key is the secret itself, so that one
 * necessarily stays until the key stops verifying.
 */
export function withoutPrivateHalf(key: ImportedKey, signer?: JwsSigner): ImportedKey {
  if (key.signerKey !== undefined) signer?.removeKey?.(key.signerKey);
  const { signKey: _signKey, signerKey: _signerKey, ...rest } = key;
  return rest;
}

async function importCryptoKeys(record: SigningKeyRecord, privateJwk: JWK): Promise<ImportedKey> {
  if (record.alg === 'HS256') {
    // An HMAC CryptoKey (rather than raw bytes) keeps jose's per-call key handling cheap.
    const raw = await importJWK(privateJwk, 'HS256');
    const bytes = raw instanceof Uint8Array ? new Uint8Array(raw) : undefined;
    const key = bytes
      ? await globalThis.crypto.subtle.importKey(
          'raw',
          bytes,
          { name: 'HMAC', hash: 'SHA-256' },
          false,
          ['sign', 'verify'],
        )
      : (raw as CryptoKey);
    return { kid: record.kid, alg: record.alg, signKey: key, verifyKey: key, publicJwk: null };
  }
  if (record.publicJwk === null) throw new TypeError('Asymmetric key without a public JWK');
  const publicJwk = JSON.parse(record.publicJwk) as Record<string, unknown>;
  const signKey = (await importJWK(privateJwk, record.alg)) as CryptoKey;
  const verifyKey = (await importJWK(publicJwk as JWK, record.alg)) as CryptoKey;
  return { kid: record.kid, alg: record.alg, signKey, verifyKey, publicJwk };
}
