import { encodeBase64urlUtf8 } from '../internal/base64url.ts';
import type { SigningAlgorithm } from './options.ts';

/**
 * Computes access-token signatures away from the calling thread. An Ed25519 or ES256 signature
 * costs tens of microseconds of CPU, on every sign-in and refresh; the server passes a worker
 * thread so that the event loop does not pay it (core itself stays on Web Crypto). The engine
 * hands over each private key once, as the key ring loads it, and builds the token itself.
 */
export interface JwsSigner {
  /** Makes a private key usable for `sign`; resolves to the handle `sign` takes. */
  addKey(alg: SigningAlgorithm, privateJwk: Readonly<Record<string, unknown>>): Promise<number>;
  /** The base64url signature (JWS, RFC 7515) of the ASCII `signingInput`. */
  sign(key: number, signingInput: string): Promise<string>;
  /**
   * Drops a key's private half. The ring calls it once the key is retired: it never signs
   * again (its public half keeps verifying for a while). Signatures asked for before the call
   * are still computed; later ones with that handle fail. Optional for compatibility: a signer
   * without it keeps retired keys until the process ends.
   */
  removeKey?(key: number): void;
}

/** A JWS segment: the base64url of the UTF-8 JSON of `value`. */
export const jwsSegment = (value: unknown): string => encodeBase64urlUtf8(JSON.stringify(value));

/**
 * A JWS in compact serialization, its signature computed by `signer`. The protected header
 * comes encoded (`jwsSegment(header)`): a key's header never changes, so it is encoded once.
 */
export async function signCompact(
  signer: JwsSigner,
  key: number,
  encodedHeader: string,
  payload: Readonly<Record<string, unknown>>,
): Promise<string> {
  const signingInput = `${encodedHeader}.${jwsSegment(payload)}`;
  return `${signingInput}.${await signer.sign(key, signingInput)}`;
}
