import { SignJWT } from 'jose';
import { StoreUnavailableError } from '../errors.ts';
import { randomBase64url } from '../internal/random-id.ts';
import type { SessionRecord } from '../store/session-record.ts';
import { JTI_BYTES } from './constants.ts';
import type { EngineContext } from './context.ts';
import { jwsSegment, signCompact } from './jws-signer.ts';
import type { ImportedKey } from './key-material.ts';

interface ProtectedHeader {
  header: Readonly<{ alg: string; kid: string; typ: string }>;
  /** Its JWS segment. */
  encoded: string;
}

/** Each key's protected header, built and encoded once per key. */
const headers = new WeakMap<ImportedKey, ProtectedHeader>();

function protectedHeader(key: ImportedKey): ProtectedHeader {
  let entry = headers.get(key);
  if (entry === undefined) {
    const header = Object.freeze({ alg: key.alg, kid: key.kid, typ: 'at+jwt' });
    entry = { header, encoded: jwsSegment(header) };
    headers.set(key, entry);
  }
  return entry;
}

/**
 * Signs an access token for a session with the ring's current key. Its exp never passes the
 * session's idle or absolute deadline (rounded down to whole seconds). With an injected signer
 * (EngineOptions.signer) the signature is computed there; otherwise by jose with Web Crypto.
 */
export async function issueAccessToken(
  ctx: EngineContext,
  session: SessionRecord,
  idleExpiresAt: number,
): Promise<{ accessToken: string; accessTokenExpiresAt: number }> {
  const { options, ring } = ctx;
  const now = options.clock.now();
  const expiresAtMs = Math.min(now + options.accessTtlMs, idleExpiresAt, session.absoluteExpiresAt);
  const exp = Math.floor(expiresAtMs / 1000);
  const key = ring.signingKey();
  const { header, encoded } = protectedHeader(key);
  const claims = {
    sid: session.id,
    roles: [...session.roles],
    aal: session.aal,
    auth_time: Math.floor(session.authTime / 1000),
    iss: options.issuer,
    aud: options.audience,
    sub: session.userId,
    iat: Math.floor(now / 1000),
    exp,
    jti: randomBase64url(options.random, JTI_BYTES),
  };
  let accessToken: string;
  if (options.signer && key.signerKey !== undefined) {
    accessToken = await signCompact(options.signer, key.signerKey, encoded, claims);
  } else {
    // Only a retired key lacks it, and the ring never hands one out for signing.
    if (!key.signKey) throw new StoreUnavailableError('The signing key has no private half');
    accessToken = await new SignJWT(claims).setProtectedHeader(header).sign(key.signKey);
  }
  return { accessToken, accessTokenExpiresAt: exp * 1000 };
}
